/**
 * Automations: what the catalog does when something happens to it. {@link
 * dev.portolan.automation.AutomationCompiler} checks and compiles an Automation's spec (its CEL
 * under the usual budgets, one {@link dev.portolan.cel.CelScope} per trigger's variables); {@link
 * dev.portolan.automation.AutomationEngine} (the leader only) hears the catalog; {@code Triggers}
 * turns each change into an {@link dev.portolan.automation.Occurrence}, {@code AutomationTimers}
 * waits for date-time properties and schedules, and the engine works each occurrence once on a
 * queue, guarded by {@link dev.portolan.automation.StormGuard} and {@link
 * dev.portolan.automation.LoopGuard}, through {@code Effects} (run, Event, notification); every
 * firing is counted in the {@link dev.portolan.automation.FiringTally} that the Automation
 * controller folds into the status with {@link dev.portolan.automation.AutomationStatusBuilder}.
 * Exactly once: the Action an occurrence starts is named from it ({@link
 * dev.portolan.automation.RunNames}), so a second try is a 409.
 *
 * <p>A feature package: it uses kit, model, cel and catalog only.
 */
package dev.portolan.automation;

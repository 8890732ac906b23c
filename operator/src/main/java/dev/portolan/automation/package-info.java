/**
 * Automations: what the catalog does when something happens to it. {@link
 * dev.portolan.automation.AutomationCompiler} checks and compiles an Automation's spec (its CEL
 * under the usual budgets, one {@link dev.portolan.cel.CelScope} per trigger's variables); {@link
 * dev.portolan.automation.AutomationEngine} (the leader only) hears the catalog, keeps the
 * date-time timers, turns each change into {@link dev.portolan.automation.Occurrence}s and runs
 * their effects on a work queue, guarded by {@link dev.portolan.automation.StormGuard} and {@link
 * dev.portolan.automation.LoopGuard}; every firing is counted in the {@link
 * dev.portolan.automation.FiringTally} that the Automation controller folds into the status with
 * {@link dev.portolan.automation.AutomationStatusBuilder}. Exactly once: the Action an occurrence
 * starts is named from it ({@link dev.portolan.automation.RunNames}), so a second try is a 409.
 *
 * <p>A feature package: it uses kit, model, cel and catalog only.
 */
package dev.portolan.automation;

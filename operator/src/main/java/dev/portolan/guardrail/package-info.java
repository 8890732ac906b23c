/**
 * Guardrails: workloads judged before they run. {@link dev.portolan.guardrail.WorkloadGrader}
 * grades a manifest (a Deployment, StatefulSet, DaemonSet, CronJob, or any object a blueprint's
 * discovery rules map) on the entity it would become, with the same discovery mapping and the same
 * compiled scorecard rules as the live grade, without a cluster. The {@code portolan grade} command
 * and the admission side both call it. It stands on the catalog, discovery and scorecard packages
 * and is used by the controllers, the web layer and the command line above it.
 */
package dev.portolan.guardrail;

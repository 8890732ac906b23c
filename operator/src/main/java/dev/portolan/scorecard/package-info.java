/**
 * Scorecards: rules that grade every entity of one blueprint into levels. The Entity reconciler
 * grades each entity with {@link dev.portolan.scorecard.ScorecardGrader} (so an entity's status has
 * one writer); the {@link dev.portolan.controller.ScorecardReconciler} aggregates the grades into
 * the Scorecard's status and the Prometheus gauges.
 */
package dev.portolan.scorecard;

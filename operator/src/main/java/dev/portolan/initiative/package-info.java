/**
 * Initiatives: goals with a deadline over a scorecard's live grades. Pure computations over the
 * grades entities already hold ({@code status.scorecards}), never grading again: which entities an
 * initiative covers and whether each reaches its target ({@link InitiativeStandings}, per namespace
 * so that a caller's view is a sum over the namespaces they may see), the owners bounded to the
 * most behind ({@link OwnerProgressList}), one point of progress per day ({@link ProgressHistory}),
 * the phase ({@link PhaseAssessment}) and the status ({@link InitiativeStatusBuilder}). A feature
 * package: it stands on kit, model, cel and catalog only.
 */
package dev.portolan.initiative;

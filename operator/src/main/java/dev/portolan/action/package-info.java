/**
 * Self-service actions: the run's state machine ({@link dev.portolan.action.ActionRun}) and the
 * collaborators that carry its steps out (launching and following the Job, the entity effects,
 * pruning the history), the Job each run becomes, approvals, outputs, and what admission decides
 * for an Action (its HTTPS server is {@code dev.portolan.web.admission}; the Action and
 * ActionDefinition reconcilers are in {@code dev.portolan.controller}).
 */
package dev.portolan.action;

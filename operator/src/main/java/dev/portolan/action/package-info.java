/**
 * Self-service actions: the ActionDefinition and Action reconcilers, the Job each run becomes,
 * approvals, outputs and history, and the admission webhook that records who asked and who
 * approved from the API server's own authentication.
 */
package dev.portolan.action;

/**
 * Self-service actions: the Action reconciler, the Job each run becomes, approvals, outputs and
 * history, and the admission webhook that records who asked and who approved from the API
 * server's own authentication. (The ActionDefinition reconciler is in
 * {@code dev.portolan.controller}.)
 */
package dev.portolan.action;

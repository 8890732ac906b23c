/**
 * Self-service actions: the Action reconciler, the Job each run becomes, approvals, outputs and
 * history, and what admission decides for an Action (its HTTPS server is
 * {@code dev.portolan.web.admission}; the ActionDefinition reconciler is in
 * {@code dev.portolan.controller}).
 */
package dev.portolan.action;

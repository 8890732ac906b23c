/**
 * Operator plumbing that knows nothing of Portolan's resources: writing status only when it
 * differs, building conditions with a clock, problems and their joined messages, a trigger event
 * source, a per-generation cache, JSON equality, and telling spec changes from status updates.
 * Every other package may use it; it uses none of them.
 */
package dev.portolan.kit;

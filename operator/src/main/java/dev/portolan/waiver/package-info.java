/**
 * Waivers: a Waiver excuses one entity, or the entities a label selector picks, from some rules of
 * one scorecard until it expires, once an approver approves it. Pure where it can be: the state a
 * waiver is in at an instant ({@link dev.portolan.waiver.WaiverState}), which entities it covers
 * ({@link dev.portolan.waiver.WaiverMatcher}), how it changes an entity's grades ({@link
 * dev.portolan.waiver.WaiverGrading}), its status ({@link dev.portolan.waiver.WaiverStatusBuilder})
 * and what admission decides ({@link dev.portolan.waiver.WaiverAdmission}).
 */
package dev.portolan.waiver;

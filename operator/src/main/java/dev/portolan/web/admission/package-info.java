/**
 * The Actions admission webhook's HTTPS server: it hands each AdmissionReview to the action
 * domain's {@link dev.portolan.action.ActionAdmission}, which records who asked and who approved
 * from the API server's own authentication, and reloads its certificate when the files change.
 */
package dev.portolan.web.admission;

/** The web layer's refusals: the status and JSON body every error response carries. */
package dev.portolan.web.error;

/**
 * Who is calling: authentication of a request's bearer token into a {@link
 * dev.portolan.web.auth.Caller} (its identity and the namespaces it may see), and the clients that
 * act on the API server with the caller's own token.
 */
package dev.portolan.web.auth;

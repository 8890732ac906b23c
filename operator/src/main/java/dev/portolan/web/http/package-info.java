/**
 * The HTTP rules every request meets before a route answers it, and the shape of every refusal,
 * the server's own included: request ids, the limits on a request's size, HEAD answered as GET
 * without a body, the host allow-list, the same-origin rule for requests that change state,
 * strict JSON bodies and strict query strings.
 */
package dev.portolan.web.http;

/**
 * The web layer: the one Javalin server ({@link dev.portolan.web.PortalServer}) that serves the
 * JSON API ({@code web.api}) and the UI ({@code web.ui}) over the application views ({@code
 * web.view}), with each request's caller established by {@code web.auth} and refusals answered in
 * the shape of {@code web.error}. Nothing below this layer knows of HTTP.
 */
package dev.portolan.web;

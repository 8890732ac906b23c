/**
 * The application views that the JSON API and the UI share: an entity with its relations, the
 * relation graph, scorecards counted over what the caller may see, and action runs (listing,
 * creating, deciding). They take a {@link dev.portolan.web.auth.Caller}, never an HTTP context.
 */
package dev.portolan.web.view;

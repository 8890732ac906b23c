/**
 * The application views that the JSON API and the UI share: an entity with its relations, the
 * relation graph, scorecards counted over what the caller may see, and action runs (listing,
 * creating, deciding). They take a {@link dev.portolan.web.auth.Caller}, never an HTTP context, and
 * return typed records that the API serialises as JSON and the UI reads field by field.
 */
package dev.portolan.web.view;

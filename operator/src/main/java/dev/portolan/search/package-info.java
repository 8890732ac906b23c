/**
 * Entity search: the query language of {@code GET /api/v1/entities} (parsed into an {@link
 * dev.portolan.search.EntityQuery}), the inverted index over the catalog that answers it, and the
 * entity JSON it serves. A query that cannot be answered is a {@link
 * dev.portolan.search.QueryException} naming the parameter; the web layer turns it into a 400.
 */
package dev.portolan.search;

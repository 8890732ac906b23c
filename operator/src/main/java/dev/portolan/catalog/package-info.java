/**
 * The catalog core: the in-memory index over blueprints and entities, the schema and relation
 * checks, calculated and mirrored values, the marks discovery puts on the entities it makes, and
 * the status builder of entities. The reconcilers that write these results live in {@code
 * dev.portolan.controller}.
 */
package dev.portolan.catalog;

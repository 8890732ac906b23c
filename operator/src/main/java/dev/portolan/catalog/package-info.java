/**
 * The catalog core: the in-memory index over blueprints and entities, the schema and relation
 * checks, calculated and mirrored values, and the Blueprint and Entity reconcilers that write
 * their results to status.
 */
package dev.portolan.catalog;

/**
 * The one CEL environment of Portolan. Expressions in blueprints (calculated values, discovery
 * mappings), scorecards and action definitions are compiled here once per resource generation and
 * evaluated over plain Java maps and lists made from the resources' JSON.
 */
package dev.portolan.cel;

/**
 * The portal's web UI: server-rendered pages over the same services and access rules as the JSON
 * API ({@link dev.portolan.api}), served by the same Javalin server. Templates are jte files under
 * {@code src/main/jte}, precompiled at build time; htmx and Cytoscape.js come from their WebJars.
 */
package dev.portolan.ui;

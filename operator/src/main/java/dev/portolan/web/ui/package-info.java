/**
 * The portal's web UI: server-rendered pages over the same views and access rules as the JSON API
 * ({@link dev.portolan.web.api}), served by the same Javalin server ({@link
 * dev.portolan.web.PortalServer}). Templates are jte files under {@code src/main/jte}, precompiled
 * at build time; htmx and Cytoscape.js come from their WebJars.
 */
package dev.portolan.web.ui;

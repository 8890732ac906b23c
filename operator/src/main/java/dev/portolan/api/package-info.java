/** The portal's HTTP API, served by Javalin from the in-memory catalog index. */
package dev.portolan.api;

/**
 * The embedded demo: an in-memory Kubernetes API (the Fabric8 mock server in CRUD mode) inside
 * the process, with Portolan's CRDs registered and the examples applied. Nothing is persisted.
 */
package dev.portolan.embedded;

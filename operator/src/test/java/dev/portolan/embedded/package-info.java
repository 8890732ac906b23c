/**
 * An in-memory Kubernetes API (the Fabric8 mock server in CRUD mode) with Portolan's CRDs
 * registered, the examples to apply to it, and a stand-in for the Job controller it lacks. The
 * tests run the operator on it; the demo module ({@code dev.portolan.demo.PortolanDemo}) ships it,
 * through this module's test-jar, as the embedded demo. Nothing of it is in the production jar.
 */
package dev.portolan.embedded;

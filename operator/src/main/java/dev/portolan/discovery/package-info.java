/**
 * Discovery: cluster objects become catalog entities, live. Each blueprint's discovery rules name a
 * kind of object; one informer per kind ({@code DiscoveryInformers}) feeds a keyed queue, a pure
 * planner ({@code DiscoveryPlanner}) maps each object through the rules' CEL expressions into the
 * entities it should produce and decides what to create, update or delete, and a writer ({@code
 * DiscoveredEntityWriter}) carries that out. Discovered entities are labelled, owned by their
 * source object, and the only entities discovery ever writes.
 */
package dev.portolan.discovery;

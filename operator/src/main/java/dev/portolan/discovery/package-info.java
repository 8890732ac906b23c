/**
 * Discovery: cluster objects become catalog entities, live. Each blueprint's discovery rules name a
 * kind of object; one informer per kind feeds a queue, and each object is mapped through the rules'
 * CEL expressions into the entities it should produce, which are created, updated or deleted to
 * match. Discovered entities are labelled, owned by their source object, and the only entities
 * discovery ever writes.
 */
package dev.portolan.discovery;

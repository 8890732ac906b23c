package dev.portolan.discovery;

/** A source object as discovery queues it: its kind, and its namespace (null if none) and name. */
record SourceKey(SourceKind kind, String namespace, String name) {
  /** The object's key in its informer's store. */
  String cacheKey() {
    return namespace == null ? name : namespace + "/" + name;
  }

  @Override
  public String toString() {
    return kind.kind() + " " + cacheKey();
  }
}

package dev.portolan.discovery;

/** A kind of cluster object a discovery rule watches. */
public record SourceKind(String apiVersion, String kind) {
  @Override
  public String toString() {
    return kind + " (" + apiVersion + ")";
  }
}

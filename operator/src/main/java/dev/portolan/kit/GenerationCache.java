package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps what was compiled from a cluster-scoped resource for as long as its uid and generation stay
 * the same, so a spec is compiled once per change, not once per use. A resource without a
 * generation (some servers keep none) is compiled every time.
 *
 * @param <R> the resource kind
 * @param <C> what is compiled from it
 */
public final class GenerationCache<R extends HasMetadata, C> {
  private final Map<String, Entry<C>> entries = new ConcurrentHashMap<>();
  private final Function<R, C> compile;

  private record Entry<C>(String uid, Long generation, C compiled) {}

  public GenerationCache(Function<R, C> compile) {
    this.compile = compile;
  }

  public C get(R resource) {
    String name = resource.getMetadata().getName();
    String uid = resource.getMetadata().getUid();
    Long generation = resource.getMetadata().getGeneration();
    Entry<C> entry = entries.get(name);
    if (entry != null
        && generation != null
        && Objects.equals(entry.uid(), uid)
        && Objects.equals(entry.generation(), generation)) {
      return entry.compiled();
    }
    C compiled = compile.apply(resource);
    entries.put(name, new Entry<>(uid, generation, compiled));
    return compiled;
  }

  /** Forgets a deleted resource. */
  public void forget(String name) {
    entries.remove(name);
  }
}

package dev.portolan.catalog;

import dev.portolan.model.Blueprint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The catalog's size for dashboards: {@code portolan_catalog_entities{blueprint}}, the entities of
 * each blueprint, read from the index at each scrape (one series per blueprint; a deleted
 * blueprint's series is removed). Every replica has the index, so every replica shows it: a
 * dashboard takes the {@code max} over the replicas.
 */
public final class CatalogMetrics implements CatalogListener {
  static final String ENTITIES = "portolan.catalog.entities";

  private final MeterRegistry registry;
  private final CatalogLookup index;
  private final Map<String, Gauge> gauges = new HashMap<>();

  public CatalogMetrics(MeterRegistry registry, CatalogLookup index) {
    this.registry = registry;
    this.index = index;
  }

  @Override
  public synchronized void blueprintChanged(Blueprint before, Blueprint after) {
    if (after == null) {
      Gauge gauge = gauges.remove(before.getMetadata().getName());
      if (gauge != null) {
        registry.remove(gauge);
      }
    } else {
      String name = after.getMetadata().getName();
      gauges.computeIfAbsent(
          name,
          blueprint ->
              Gauge.builder(ENTITIES, () -> index.entitiesOfBlueprint(blueprint).size())
                  .description("Entities in the catalog, by blueprint")
                  .tag("blueprint", blueprint)
                  .strongReference(true)
                  .register(registry));
    }
  }
}

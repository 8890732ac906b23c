package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.kit.IndexedItemStore;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class CatalogMetricsTest {
  @Test
  void countsEachBlueprintsEntitiesAtEachScrapeAndForgetsDeletedBlueprints() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (CatalogIndex index = CatalogIndex.create(null)) {
      IndexedItemStore<Entity> entities = index.claim(Entity.class);
      CatalogMetrics metrics = new CatalogMetrics(registry, index);
      Blueprint service = Fixtures.blueprint("metadata: {name: service}\nspec: {}");
      metrics.blueprintChanged(null, service);
      assertThat(registry.scrape())
          .contains("portolan_catalog_entities{blueprint=\"service\"} 0.0");
      Entity api =
          Fixtures.entity("metadata: {name: api, namespace: a}\nspec: {blueprint: service}");
      entities.put(entities.getKey(api), api);
      assertThat(registry.scrape())
          .contains("portolan_catalog_entities{blueprint=\"service\"} 1.0");
      metrics.blueprintChanged(service, null);
      assertThat(registry.scrape()).doesNotContain("portolan_catalog_entities{");
    }
  }
}

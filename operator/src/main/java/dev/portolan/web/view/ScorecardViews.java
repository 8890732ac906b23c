package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scorecards as the portal shows them, counted over the entities the caller may see (so a caller
 * never learns of entities in namespaces hidden from them): the distribution across levels, and for
 * one scorecard each rule's pass rate and the entities at each level.
 */
public final class ScorecardViews {
  private ScorecardViews() {}

  public static JsonNode list(CatalogIndex index, Predicate<String> maySeeNamespace) {
    return list(index, maySeeNamespace, entity -> true);
  }

  /** As {@link #list(CatalogIndex, Predicate)}, counting only the entities {@code include} accepts (the UI's owner filter). */
  public static JsonNode list(CatalogIndex index, Predicate<String> maySeeNamespace, Predicate<Entity> include) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    List<Scorecard> scorecards = new ArrayList<>(index.scorecards());
    scorecards.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    for (Scorecard scorecard : scorecards) {
      ObjectNode item = summary(scorecard);
      Tally tally = tally(index, scorecard, maySeeNamespace, include);
      item.put("entities", tally.graded);
      item.set("levels", Serialization.jsonMapper().valueToTree(tally.levels));
      items.add(item);
    }
    body.put("total", scorecards.size());
    return body;
  }

  public static JsonNode one(CatalogIndex index, Scorecard scorecard, Predicate<String> maySeeNamespace) {
    return one(index, scorecard, maySeeNamespace, entity -> true);
  }

  /** As {@link #one(CatalogIndex, Scorecard, Predicate)}, over only the entities {@code include} accepts. */
  public static JsonNode one(CatalogIndex index, Scorecard scorecard, Predicate<String> maySeeNamespace,
      Predicate<Entity> include) {
    ObjectNode body = summary(scorecard);
    Tally tally = tally(index, scorecard, maySeeNamespace, include);
    body.put("entities", tally.graded);
    body.set("levels", Serialization.jsonMapper().valueToTree(tally.levels));
    ArrayNode rules = body.putArray("rules");
    for (ScorecardSpec.Rule rule : scorecard.getSpec().rules) {
      int passed = tally.passed.getOrDefault(rule.name, 0);
      int failed = tally.failed.getOrDefault(rule.name, 0);
      ObjectNode item = rules.addObject();
      item.put("name", rule.name);
      item.put("level", rule.level);
      item.put("title", rule.title == null ? rule.name : rule.title);
      item.put("passed", passed);
      item.put("failed", failed);
      if (passed + failed > 0) {
        item.put("passRate", Math.round(1000.0 * passed / (passed + failed)) / 1000.0);
      } else {
        item.putNull("passRate");
      }
    }
    ObjectNode byLevel = body.putObject("entitiesByLevel");
    tally.levels.keySet().forEach(level -> byLevel.putArray(level));
    tally.entities.sort(Comparator.comparing((Entity e) -> e.getMetadata().getNamespace())
        .thenComparing(e -> e.getMetadata().getName()));
    for (Entity entity : tally.entities) {
      String level = entity.getStatus().scorecards.get(scorecard.getMetadata().getName()).level;
      ArrayNode atLevel = byLevel.get(level) instanceof ArrayNode existing ? existing : byLevel.putArray(level);
      ObjectNode link = atLevel.addObject();
      link.put("namespace", entity.getMetadata().getNamespace());
      link.put("name", entity.getMetadata().getName());
      link.put("title", entity.getSpec().title == null ? entity.getMetadata().getName() : entity.getSpec().title);
      link.put("owner", entity.getSpec().owner);
    }
    return body;
  }

  private static ObjectNode summary(Scorecard scorecard) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    ScorecardSpec spec = scorecard.getSpec();
    item.put("name", scorecard.getMetadata().getName());
    item.put("title", spec.title == null ? scorecard.getMetadata().getName() : spec.title);
    item.put("blueprint", spec.blueprint);
    item.put("ready", scorecard.getStatus() != null && Conditions.isTrue(scorecard.getStatus().conditions, "Ready"));
    return item;
  }

  private static final class Tally {
    int graded;
    final Map<String, Integer> levels = new LinkedHashMap<>();
    final Map<String, Integer> passed = new LinkedHashMap<>();
    final Map<String, Integer> failed = new LinkedHashMap<>();
    final List<Entity> entities = new ArrayList<>();
  }

  private static Tally tally(CatalogIndex index, Scorecard scorecard, Predicate<String> maySeeNamespace,
      Predicate<Entity> include) {
    Tally tally = new Tally();
    tally.levels.put("None", 0);
    scorecard.getSpec().levels.forEach(level -> tally.levels.put(level, 0));
    String name = scorecard.getMetadata().getName();
    Map<String, Boolean> visible = new LinkedHashMap<>();
    for (Entity entity : index.entitiesOfBlueprint(scorecard.getSpec().blueprint)) {
      EntityStatus status = entity.getStatus();
      EntityStatus.ScorecardResult result = status == null || status.scorecards == null ? null : status.scorecards.get(name);
      if (result == null || !visible.computeIfAbsent(entity.getMetadata().getNamespace(), maySeeNamespace::test)
          || !include.test(entity)) {
        continue;
      }
      tally.graded++;
      tally.levels.merge(result.level, 1, Integer::sum);
      tally.entities.add(entity);
      if (result.rules != null) {
        for (EntityStatus.RuleResult rule : result.rules) {
          (Boolean.TRUE.equals(rule.passed) ? tally.passed : tally.failed).merge(rule.name, 1, Integer::sum);
        }
      }
    }
    return tally;
  }
}

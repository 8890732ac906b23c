package dev.portolan.waiver;

import dev.portolan.action.ActionRecords;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Waiver;
import dev.portolan.model.WaiverSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Waivers, entities and grades for the tests. */
final class Waivers {
  static final String ALICE =
      new ActionRecords.Identity("alice", List.of("developers"), null).toJson();
  static final String LEAD =
      new ActionRecords.Identity("lead", List.of("leads"), "2026-12-01T10:00:00Z").toJson();

  private Waivers() {}

  static Waiver forEntity(String name, String entity, String expiresAt, String... rules) {
    Waiver waiver = new Waiver();
    waiver.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
    WaiverSpec spec = new WaiverSpec();
    spec.entity = entity;
    spec.scorecard = "prod";
    spec.rules = new ArrayList<>(List.of(rules));
    spec.reason = "moving repositories";
    spec.expiresAt = expiresAt;
    waiver.setSpec(spec);
    return waiver;
  }

  static Waiver forLabels(String name, Map<String, String> labels, String expiresAt, String rule) {
    Waiver waiver = forEntity(name, null, expiresAt, rule);
    waiver.getSpec().selector = new LabelSelectorBuilder().withMatchLabels(labels).build();
    return waiver;
  }

  static Waiver approved(Waiver waiver) {
    return annotated(
        waiver,
        ActionRecords.REQUESTED_BY,
        ALICE,
        ActionRecords.APPROVAL,
        ActionRecords.APPROVED,
        ActionRecords.DECIDED_BY,
        LEAD);
  }

  static Waiver annotated(Waiver waiver, String... pairs) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (waiver.getMetadata().getAnnotations() != null) {
      annotations.putAll(waiver.getMetadata().getAnnotations());
    }
    for (int i = 0; i < pairs.length; i += 2) {
      annotations.put(pairs[i], pairs[i + 1]);
    }
    waiver.getMetadata().setAnnotations(annotations);
    return waiver;
  }

  static Entity entity(String namespace, String name, Map<String, String> labels) {
    Entity entity = new Entity();
    entity.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).withLabels(labels).build());
    EntitySpec spec = new EntitySpec();
    spec.blueprint = "service";
    entity.setSpec(spec);
    return entity;
  }

  static RuleResult rule(String name, String level, boolean passed) {
    RuleResult rule = new RuleResult();
    rule.name = name;
    rule.level = level;
    rule.passed = passed;
    return rule;
  }

  static ScorecardResult result(String level, RuleResult... rules) {
    ScorecardResult result = new ScorecardResult();
    result.level = level;
    result.rules = List.of(rules);
    return result;
  }
}

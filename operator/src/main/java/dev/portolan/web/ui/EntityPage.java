package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.PropertySchema;
import dev.portolan.model.RelationSpec;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import dev.portolan.web.view.DueAutomation;
import dev.portolan.web.view.EntityDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity's page, built from the entity view the API answers for {@code GET
 * /api/v1/namespaces/{namespace}/entities/{name}} and its neighbourhood graph: properties as the
 * blueprint describes them, calculated and mirrored values, validation problems, relations both
 * ways, and each scorecard rule by rule.
 */
public record EntityPage(
    String namespace,
    String name,
    String title,
    String blueprint,
    String blueprintTitle,
    String owner,
    String description,
    List<Link> links,
    List<Property> properties,
    List<Property> derived,
    List<String> problems,
    List<Relation> outgoing,
    List<Relation> incoming,
    String graphJson,
    List<Grade> grades,
    List<ActionForms.Offer> actions,
    List<RunsPage.Run> recentRuns,
    List<Upcoming> upcoming) {

  /** The same page with the actions the entity offers and its recent runs. */
  public EntityPage withActions(List<ActionForms.Offer> offers, List<RunsPage.Run> runs) {
    return new EntityPage(
        namespace,
        name,
        title,
        blueprint,
        blueprintTitle,
        owner,
        description,
        links,
        properties,
        derived,
        problems,
        outgoing,
        incoming,
        graphJson,
        grades,
        offers,
        runs,
        upcoming);
  }

  /** The same page with what the date-time automations covering the entity will do, and when. */
  public EntityPage withUpcoming(List<Upcoming> due) {
    return new EntityPage(
        namespace,
        name,
        title,
        blueprint,
        blueprintTitle,
        owner,
        description,
        links,
        properties,
        derived,
        problems,
        outgoing,
        incoming,
        graphJson,
        grades,
        actions,
        recentRuns,
        List.copyOf(due));
  }

  /**
   * One date-time automation covering the entity, as the page shows it: the view's record, its
   * instant for people, how far away it is, and where its run is.
   */
  public record Upcoming(DueAutomation due, Moment at, String in, String runHref) {
    static Upcoming of(DueAutomation due, String namespace) {
      return new Upcoming(
          due,
          Moment.of(due.dueAt()),
          due.secondsLeft() == null ? null : Durations.distance(due.secondsLeft()),
          due.run() == null ? null : RunPage.href(namespace, due.run()));
    }

    /** What the automation does, in words. */
    public String does() {
      List<String> parts = new ArrayList<>();
      var effects = due.effects();
      if (effects.startAction() != null) {
        parts.add("runs " + effects.startAction());
      }
      if (effects.notifySecret() != null) {
        parts.add("notifies through " + effects.notifySecret());
      }
      if (effects.event() != null) {
        parts.add("records the Event " + effects.event());
      }
      return parts.isEmpty() ? "does nothing" : String.join(", ", parts);
    }

    public String stateClass() {
      return "badge badge-due-" + due.state().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Link(String title, String url) {}

  public record Property(String label, String name, String description, PropertyValue value) {}

  /** A relation to or from another entity; {@code href} is null when that entity does not exist. */
  public record Relation(
      String relation, String title, String blueprint, String key, String href) {}

  public record Grade(
      String scorecard, String title, String level, List<String> levels, List<Rule> rules) {}

  /**
   * @param waivedBy the name of the active Waiver that excuses the failing rule, or null
   */
  public record Rule(
      String name,
      String title,
      String level,
      boolean passed,
      String error,
      String waivedBy,
      String waiverApprover,
      String waivedUntil) {}

  static String href(String namespace, String name) {
    return "/entities/" + Params.encode(namespace) + "/" + Params.encode(name);
  }

  public String graphHref() {
    return "/graph?root=" + Params.encode(namespace + "/" + name);
  }

  public String ownerHref() {
    return "/catalog?owner=" + Params.encode(owner);
  }

  public String catalogHref() {
    return "/catalog?blueprint=" + Params.encode(blueprint);
  }

  static boolean isInvalid(Entity entity) {
    return entity.getStatus() != null
        && Conditions.find(entity.getStatus().conditions, "Valid")
            .map(c -> Conditions.FALSE.equals(c.getStatus()))
            .orElse(false);
  }

  static EntityPage build(Entity entity, EntityDetail view, String graphJson, CatalogIndex index) {
    var spec = entity.getSpec();
    String namespace = entity.getMetadata().getNamespace();
    String name = entity.getMetadata().getName();
    Blueprint blueprint = index.blueprint(spec.blueprint).orElse(null);
    Map<String, PropertySchema> schemas =
        blueprint == null ? Map.of() : blueprint.getSpec().properties;

    List<Link> links = new ArrayList<>();
    if (spec.links != null) {
      spec.links.stream()
          .filter(l -> PropertyValue.isWebUrl(l.url))
          .forEach(l -> links.add(new Link(l.title == null ? l.url : l.title, l.url)));
    }

    List<Property> properties = new ArrayList<>();
    Map<String, JsonNode> values = spec.properties == null ? Map.of() : spec.properties;
    schemas.forEach(
        (property, schema) -> {
          JsonNode value = values.get(property);
          if (value == null || value.isNull()) {
            value = schema.defaultValue;
          }
          properties.add(
              new Property(
                  schema.title == null ? property : schema.title,
                  property,
                  schema.description,
                  PropertyValue.of(value, schema)));
        });
    values.forEach(
        (property, value) -> {
          if (!schemas.containsKey(property)) {
            properties.add(
                new Property(
                    property,
                    property,
                    "Not declared by the blueprint",
                    PropertyValue.of(value, null)));
          }
        });

    List<Property> derived = new ArrayList<>();
    EntityStatus status = entity.getStatus();
    if (status != null) {
      status.calculated.forEach(
          (key, value) -> {
            var declared = blueprint == null ? null : blueprint.getSpec().calculated.get(key);
            derived.add(
                new Property(
                    declared != null && declared.title != null ? declared.title : key,
                    key,
                    declared == null ? "Calculated" : "Calculated: " + declared.expression,
                    PropertyValue.of(value, null)));
          });
      status.mirrored.forEach(
          (key, value) -> {
            var declared = blueprint == null ? null : blueprint.getSpec().mirrored.get(key);
            derived.add(
                new Property(
                    declared != null && declared.title != null ? declared.title : key,
                    key,
                    declared == null ? "Mirrored" : "Mirrored from " + declared.path,
                    PropertyValue.of(value, null)));
          });
    }

    List<String> problems = new ArrayList<>();
    if (isInvalid(entity)) {
      // The status lists each problem; a status written before it did has only the summary.
      status.problems.forEach(p -> problems.add(p.message));
      if (problems.isEmpty()) {
        Conditions.find(status.conditions, "Valid").ifPresent(c -> problems.add(c.getMessage()));
      }
    }

    Map<String, RelationSpec> relationSpecs =
        blueprint == null ? Map.of() : blueprint.getSpec().relations;
    List<Relation> outgoing = new ArrayList<>();
    for (EntityDetail.RelatedEntity link : view.relations().outgoing()) {
      RelationSpec relationSpec = relationSpecs.get(link.relation());
      String relation =
          relationSpec != null && relationSpec.title != null ? relationSpec.title : link.relation();
      outgoing.add(relation(relation, link));
    }
    List<Relation> incoming = new ArrayList<>();
    for (EntityDetail.RelatedEntity link : view.relations().incoming()) {
      String relation = link.relation();
      RelationSpec declared =
          index
              .blueprint(link.blueprint() == null ? "" : link.blueprint())
              .map(b -> b.getSpec().relations.get(relation))
              .orElse(null);
      incoming.add(
          relation(declared != null && declared.title != null ? declared.title : relation, link));
    }

    List<Grade> grades = new ArrayList<>();
    Map<String, EntityStatus.ScorecardResult> results =
        status == null ? Map.of() : status.scorecards;
    results.forEach(
        (scorecardName, result) -> {
          Scorecard scorecard = index.scorecard(scorecardName).orElse(null);
          Map<String, String> ruleTitles = new LinkedHashMap<>();
          List<String> levels = new ArrayList<>(List.of("None"));
          String title = scorecardName;
          if (scorecard != null) {
            for (ScorecardSpec.Rule rule : scorecard.getSpec().rules) {
              ruleTitles.put(rule.name, rule.title == null ? rule.name : rule.title);
            }
            levels.addAll(scorecard.getSpec().levels);
            title = scorecard.getSpec().title == null ? scorecardName : scorecard.getSpec().title;
          }
          List<Rule> rules = new ArrayList<>();
          if (result.rules != null) {
            for (EntityStatus.RuleResult rule : result.rules) {
              rules.add(
                  new Rule(
                      rule.name,
                      ruleTitles.getOrDefault(rule.name, rule.name),
                      rule.level,
                      Boolean.TRUE.equals(rule.passed),
                      rule.error,
                      rule.waiver == null ? null : rule.waiver.name,
                      rule.waiver == null ? null : rule.waiver.approvedBy,
                      rule.waiver == null ? null : rule.waiver.expiresAt));
            }
          }
          grades.add(new Grade(scorecardName, title, result.level, levels, rules));
        });

    return new EntityPage(
        namespace,
        name,
        spec.title == null ? name : spec.title,
        spec.blueprint,
        blueprint == null ? spec.blueprint : blueprint.getSpec().title,
        spec.owner,
        spec.description,
        links,
        properties,
        derived,
        problems,
        outgoing,
        incoming,
        graphJson,
        grades,
        List.of(),
        List.of(),
        List.of());
  }

  private static Relation relation(String relation, EntityDetail.RelatedEntity link) {
    String namespace = link.namespace();
    String name = link.name();
    boolean exists = link.exists();
    return new Relation(
        relation,
        exists ? link.title() : name,
        exists && link.blueprint() != null ? link.blueprint() : "",
        namespace + "/" + name,
        exists ? href(namespace, name) : null);
  }
}

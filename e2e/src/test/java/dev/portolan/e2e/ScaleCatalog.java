package dev.portolan.e2e;

import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Initiative;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A Backstage-shaped catalog of {@code total} entities in 20 namespaces, the shape issue #15
 * measures (at 50,000: 2,000 teams, 500 systems, 47,500 services with 1–3 {@code dependsOn} each):
 * a calculated value on services, a value mirrored two relations away (service → system → team), a
 * 3-rule scorecard over services and an initiative over it (every service Silver, started a year
 * ago, due in 90 days).
 */
record ScaleCatalog(int total, int teams, int systems, int services, int namespaces) {
  static final String SCORECARD = "readiness";
  static final String INITIATIVE = "services-silver";

  /** How many days of history {@link #seedHistory} writes: a year, the days before today. */
  static final int HISTORY_DAYS = 365;

  static ScaleCatalog of(int total) {
    int teams = Math.max(1, total * 4 / 100);
    int systems = Math.max(1, total / 100);
    return new ScaleCatalog(total, teams, systems, total - teams - systems, 20);
  }

  @Override
  public String toString() {
    return String.format(
        "%,d entities (%,d teams, %,d systems, %,d services with 1-3 dependsOn) in %d namespaces",
        total, teams, systems, services, namespaces);
  }

  /** Creates the blueprints, the scorecard and the entities; returns the entities' time in s. */
  double create(KubernetesClient client, int threads) throws Exception {
    for (int n = 0; n < namespaces; n++) {
      String ns = namespace(n);
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      client
          .resource(
              yaml(
                  RelationGrant.class,
                  "{apiVersion: portolan.dev/v1alpha1, kind: RelationGrant, metadata: {name: all,"
                      + " namespace: "
                      + ns
                      + "}, spec: {from: [{namespace: '*'}]}}"))
          .create();
    }
    for (String blueprint :
        List.of(
            "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: team}, spec:"
                + " {title: Team, properties: {slack: {type: string}}}}",
            "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: system}, spec:"
                + " {title: System, relations: {team: {target: team}}}}",
            "{apiVersion: portolan.dev/v1alpha1, kind: Blueprint, metadata: {name: service}, spec:"
                + " {title: Service, properties: {language: {type: string}, replicas: {type:"
                + " integer}, repo: {type: string}}, relations: {system: {target: system,"
                + " required: true}, dependsOn: {target: service, many: true}}, calculated:"
                + " {critical: {type: boolean, expression: \"size(entity.relations.?dependsOn"
                + ".orValue([])) > 2\"}}, mirrored: {teamSlack: {path: system.team.slack}}}}")) {
      client.resource(yaml(Blueprint.class, blueprint)).create();
    }
    client
        .resource(
            yaml(
                Scorecard.class,
                "{apiVersion: portolan.dev/v1alpha1, kind: Scorecard, metadata: {name: "
                    + SCORECARD
                    + "}, spec: {blueprint: service, levels: [Bronze, Silver, Gold], rules: ["
                    + "{name: has-owner, level: Bronze, expression: \"entity.owner != ''\"},"
                    + "{name: has-repo, level: Silver, expression:"
                    + " \"entity.properties.?repo.orValue('').startsWith('https://')\"},"
                    + "{name: replicated, level: Gold, expression:"
                    + " \"entity.properties.?replicas.orValue(0) >= 2\"}]}}"))
        .create();
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    client
        .resource(
            yaml(
                Initiative.class,
                "{apiVersion: portolan.dev/v1alpha1, kind: Initiative, metadata: {name: "
                    + INITIATIVE
                    + "}, spec: {scorecard: "
                    + SCORECARD
                    + ", title: Every service Silver, level: Silver, startDate: '"
                    + today.minusDays(HISTORY_DAYS)
                    + "', deadline: '"
                    + today.plusDays(90)
                    + "'}}"))
        .create();
    long begun = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> creations = new ArrayList<>();
    for (int t = 0; t < teams; t++) {
      int team = t;
      creations.add(
          pool.submit(
              () ->
                  entity(
                      client,
                      team,
                      "team-" + team,
                      "{blueprint: team, owner: team-"
                          + team
                          + ", properties: {slack: '#team-"
                          + team
                          + "'}}")));
    }
    for (int s = 0; s < systems; s++) {
      int system = s;
      creations.add(
          pool.submit(
              () ->
                  entity(
                      client,
                      system,
                      "system-" + system,
                      "{blueprint: system, owner: team-"
                          + system % teams
                          + ", relations: {team: "
                          + ref("team", system % teams)
                          + "}}")));
    }
    for (int v = 0; v < services; v++) {
      int service = v;
      creations.add(
          pool.submit(() -> entity(client, service, "service-" + service, service(service))));
    }
    for (Future<?> creation : creations) {
      creation.get();
    }
    pool.shutdown();
    return (System.nanoTime() - begun) / 1e9;
  }

  private String service(int v) {
    int system = v % systems;
    List<String> depends = new ArrayList<>();
    for (int d = 1; d <= 1 + v % 3; d++) {
      depends.add(ref("service", (v + d * 7919) % services));
    }
    return "{blueprint: service, title: Service "
        + v
        + ", owner: team-"
        + system % teams
        + ", description: 'Serves "
        + (v % 7 == 0 ? "payments" : "orders")
        + "', properties: {language: "
        + (v % 3 == 0 ? "java" : "go")
        + ", replicas: "
        + v % 5
        + (v % 2 == 0 ? ", repo: 'https://git.example.com/service-" + v + "'" : "")
        + "}, relations: {system: "
        + ref("system", system)
        + ", dependsOn: "
        + depends
        + "}}";
  }

  private String ref(String kind, int n) {
    return namespace(n) + "/" + kind + "-" + n;
  }

  private String namespace(int n) {
    return "ns-" + n % namespaces;
  }

  private void entity(KubernetesClient client, int n, String name, String spec) {
    client
        .resource(
            yaml(
                Entity.class,
                "{apiVersion: portolan.dev/v1alpha1, kind: Entity, metadata: {name: "
                    + name
                    + ", namespace: "
                    + namespace(n)
                    + "}, spec: "
                    + spec
                    + "}"))
        .create();
  }

  private static <T> T yaml(Class<T> type, String text) {
    return Serialization.unmarshal("---\n" + text, type);
  }

  /**
   * Writes a year of daily history ({@link #HISTORY_DAYS} points, the days before {@code today})
   * into the scorecard's and the initiative's {@code status.history} with a merge patch of their
   * status, before the operator has started: the status builders keep the stored points and add
   * today's, as they would after a year of running. The points are made up, not measured: the
   * services graded grow linearly from 60% of today's number to all of them, and the share at each
   * level moves linearly from (None 20%, Bronze 50%, Silver 20%, Gold 10%) to today's (Bronze 50%,
   * Silver 20%, Gold 30%); the initiative's covered and passing (Silver or Gold) follow.
   *
   * @return what was written, for the report
   */
  String seedHistory(KubernetesClient client, LocalDate today) {
    StringBuilder scorecard = new StringBuilder();
    StringBuilder initiative = new StringBuilder();
    double[] from = {0.2, 0.5, 0.2, 0.1};
    double[] to = {0.0, 0.5, 0.2, 0.3};
    String[] levels = {"None", "Bronze", "Silver", "Gold"};
    for (int day = 0; day < HISTORY_DAYS; day++) {
      double f = (day + 1) / (double) HISTORY_DAYS;
      int graded = (int) Math.round(services * (0.6 + 0.4 * f));
      int[] counts = new int[levels.length];
      int assigned = 0;
      for (int l = 1; l < levels.length; l++) {
        counts[l] = (int) Math.round(graded * (from[l] + (to[l] - from[l]) * f));
        assigned += counts[l];
      }
      counts[0] = graded - assigned;
      String date = today.minusDays(HISTORY_DAYS - day).toString();
      StringBuilder levelJson = new StringBuilder();
      for (int l = 0; l < levels.length; l++) {
        levelJson.append(l == 0 ? "" : ",").append('"').append(levels[l]).append("\":");
        levelJson.append(counts[l]);
      }
      scorecard.append(day == 0 ? "" : ",");
      scorecard.append(
          String.format(
              "{\"date\":\"%s\",\"entities\":%d,\"levels\":{%s}}", date, graded, levelJson));
      initiative.append(day == 0 ? "" : ",");
      initiative.append(
          String.format(
              "{\"date\":\"%s\",\"covered\":%d,\"passing\":%d,\"waived\":0}",
              date, graded, counts[2] + counts[3]));
    }
    client
        .resources(Scorecard.class)
        .withName(SCORECARD)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"history\":[" + scorecard + "]}}");
    client
        .resources(Initiative.class)
        .withName(INITIATIVE)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"history\":[" + initiative + "]}}");
    return String.format(
        "%d daily points, %s to %s, merge-patched into status.history of scorecard %s (%,d bytes)"
            + " and initiative %s (%,d bytes) by a plain client before the operator started; made"
            + " up: graded services grow linearly from 60%% to 100%% of today's, Gold from 10%% to"
            + " 30%%; the operator adds today's point",
        HISTORY_DAYS,
        today.minusDays(HISTORY_DAYS),
        today.minusDays(1),
        SCORECARD,
        scorecard.length(),
        INITIATIVE,
        initiative.length());
  }

  /** An owner of services: the services' owners are the first {@code systems} teams. */
  String serviceOwner() {
    return "team-" + 7 % Math.min(systems, teams);
  }

  /**
   * How many entities have no status for their current generation yet, or (services) no grade of
   * the scorecard.
   */
  int unfinished(KubernetesClient client) {
    int missing = 0;
    for (Entity e : list(client)) {
      var status = e.getStatus();
      boolean written =
          status != null
              && status.conditions != null
              && status.conditions.stream()
                  .anyMatch(
                      c ->
                          "Valid".equals(c.getType())
                              && e.getMetadata().getGeneration().equals(c.getObservedGeneration()));
      boolean graded =
          !"service".equals(e.getSpec().blueprint)
              || (status != null
                  && status.scorecards != null
                  && status.scorecards.containsKey(SCORECARD));
      if (!written || !graded) {
        missing++;
      }
    }
    return missing;
  }

  /** Every entity, listed in pages of 1,000. */
  static List<Entity> list(KubernetesClient client) {
    List<Entity> all = new ArrayList<>();
    String next = null;
    do {
      var page =
          client
              .resources(Entity.class)
              .inAnyNamespace()
              .list(new ListOptionsBuilder().withLimit(1000L).withContinue(next).build());
      // What a status write needs; the managed fields are most of an entity's bytes.
      page.getItems().forEach(entity -> entity.getMetadata().setManagedFields(null));
      all.addAll(page.getItems());
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return all;
  }

  /** The requests a portal user makes, by what they are. */
  Map<String, String> requests() {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("search page (the UI's facets)", "/api/v1/entities?blueprint=service&limit=20");
    requests.put(
        "filtered search page",
        "/api/v1/entities?blueprint=service&property=language%3D%3Djava&property=replicas%3E%3D2&q=payments&sort=title&limit=20");
    requests.put("entity by name", "/api/v1/namespaces/ns-3/entities/service-63");
    requests.put("facet query (one owner)", "/api/v1/entities?owner=team-7&limit=1");
    requests.put("depth-2 graph", "/api/v1/graph?root=ns-1/service-21&depth=2");
    requests.put("scorecard", "/api/v1/scorecards/" + SCORECARD);
    return requests;
  }
}

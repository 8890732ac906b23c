package dev.portolan.bench;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Loads a catalog of N entities (1% systems, the rest services related to them) with a 10-rule
 * scorecard over the services into the in-memory API server, starts the operator and lets every
 * grade settle; then changes one rule of the scorecard so that its result flips for exactly the
 * services with an odd index (half of them), and reports the time until every service is re-graded,
 * the time until the scorecard's aggregate shows it, and the entity status writes it took, against
 * the writes expected (only entities whose result changed may be written).
 *
 * <p>Run: {@code mvn -q -pl operator test-compile exec:exec@scorecard-regrade} (N defaults to
 * 10000; {@code -Dentities=N} to change it).
 */
public final class ScorecardRegradeBenchmark {
  private static final String SCORECARD = "readiness";
  private static final String CHANGED_RULE = "even";

  private ScorecardRegradeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int systems = Math.max(1, total / 100);
    int services = total - systems;
    int namespaces = 10;

    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      KubernetesClient client = cluster.client();
      for (String yaml : BLUEPRINTS) {
        client.resource(Serialization.unmarshal(yaml, Blueprint.class)).create();
      }
      client.resource(scorecard("entity.properties.n >= 0")).create();
      long loadStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < systems; i++) {
        int n = i;
        writes.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (n % namespaces),
                        "system-" + n,
                        "{blueprint: system, owner: team-"
                            + (n % 20)
                            + ", properties: {lifecycle: "
                            + (n % 10 == 0 ? "deprecated" : "production")
                            + "}}")));
      }
      for (int i = 0; i < services; i++) {
        int n = i;
        int system = n % systems;
        writes.add(
            pool.submit(
                () ->
                    create(
                        client,
                        "ns-" + (n % namespaces),
                        "service-" + n,
                        "{blueprint: service, owner: team-"
                            + (n % 20)
                            + ", description: Service "
                            + n
                            + ", properties: {n: "
                            + n
                            + ", language: "
                            + (n % 3 == 0 ? "java" : "go")
                            + ", replicas: "
                            + (n % 4)
                            + (n % 5 == 0 ? "" : ", oncall: oncall-" + n + "@example.com")
                            + (n % 7 == 0 ? "" : ", repo: 'https://git.example.com/s/" + n + "'")
                            + ", tags: [tier-"
                            + (n % 3)
                            + "]}, relations: {system: ns-"
                            + (system % namespaces)
                            + "/system-"
                            + system
                            + "}}")));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      pool.shutdown();
      System.out.printf(
          "Loaded %d entities (%d systems, %d services) and a %d-rule scorecard in %d ms%n",
          total, systems, services, RULES, (System.nanoTime() - loadStart) / 1_000_000);

      long start = System.nanoTime();
      PortolanOperator operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
      awaitTrue(() -> everyServiceGraded(operator, services, n -> true));
      long graded = System.nanoTime();
      awaitTrue(() -> aggregateShows(client, 1L, services, 0));
      long aggregated = System.nanoTime();
      double settledWrites = settledWrites(operator, "Entity");
      System.out.printf(
          "Start-up: every service graded %.2f s and the aggregate %.2f s after operator start"
              + " (%.0f entity status writes)%n",
          (graded - start) / 1e9, (aggregated - start) / 1e9, settledWrites);

      // A spec change that alters no result (the description): every service is re-graded, none
      // written. This is the cost of re-grading alone.
      Map<String, Entity> beforeIdle = snapshot(client);
      double idleReconcilesBefore = reconciles(operator, "entity");
      double idleWritesBefore = operator.statusWriter().writes("Entity");
      long idleChange = System.nanoTime();
      Scorecard described = client.resources(Scorecard.class).withName(SCORECARD).get();
      described.getSpec().description = "Re-graded, nothing changes";
      client.resource(described).update();
      awaitTrue(() -> reconciles(operator, "entity") - idleReconcilesBefore >= services);
      long idleRegraded = System.nanoTime();
      double idleReconciles = reconciles(operator, "entity") - idleReconcilesBefore;
      double idleWrites = settledWrites(operator, "Entity") - idleWritesBefore;
      reportRewrites(beforeIdle, snapshot(client));

      double entityWritesBefore = operator.statusWriter().writes("Entity");
      double scorecardWritesBefore = operator.statusWriter().writes("Scorecard");
      double reconcilesBefore = reconciles(operator, "entity");
      long change = System.nanoTime();
      Scorecard changed = client.resources(Scorecard.class).withName(SCORECARD).get();
      changed.getSpec().rules.get(RULES - 1).expression = "entity.properties.n % 2 == 0";
      client.resource(changed).update();
      awaitTrue(() -> everyServiceGraded(operator, services, n -> n % 2 == 0));
      long regraded = System.nanoTime();
      awaitTrue(() -> aggregateShows(client, 3L, services, services / 2));
      long reaggregated = System.nanoTime();
      double entityWrites = settledWrites(operator, "Entity") - entityWritesBefore;
      double scorecardWrites = operator.statusWriter().writes("Scorecard") - scorecardWritesBefore;
      double entityReconciles = reconciles(operator, "entity") - reconcilesBefore;
      operator.close();

      int expected = services / 2;
      System.out.println("Scorecard re-grade benchmark");
      System.out.printf(
          "  machine:                %d cores, JVM %s, max heap %d MiB%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "  catalog:                %d entities (%d services graded), %d rules, %d namespaces%n",
          total, services, RULES, namespaces);
      System.out.printf(
          "  a change of no result:   every service re-graded %.2f s after the description changed"
              + " (%.0f reconciles per second); %.0f entity status writes (expected 0)%n",
          (idleRegraded - idleChange) / 1e9,
          idleReconciles / ((idleRegraded - idleChange) / 1e9),
          idleWrites);
      System.out.printf(
          "  change:                 rule '%s' now fails for the %d services with an odd index%n",
          CHANGED_RULE, expected);
      System.out.printf(
          "  every service re-graded: %.2f s after the change%n", (regraded - change) / 1e9);
      System.out.printf(
          "  aggregate up to date:    %.2f s after the change%n", (reaggregated - change) / 1e9);
      System.out.printf(
          "  entity reconciles:       %.0f (%.0f per second)%n",
          entityReconciles, entityReconciles / ((regraded - change) / 1e9));
      System.out.printf(
          "  entity status writes:    %.0f (expected %d: only the services whose result changed)%s%n",
          entityWrites, expected, entityWrites == expected ? "" : "  <-- MISMATCH");
      System.out.printf("  scorecard status writes: %.0f%n", scorecardWrites);
    }
    System.exit(0);
  }

  static final int RULES = 10;

  private static Scorecard scorecard(String lastRule) {
    return Serialization.unmarshal(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: %s}
        spec:
          blueprint: service
          levels: [Bronze, Silver, Gold]
          rules:
            - {name: has-owner, level: Bronze, expression: "entity.owner != ''"}
            - {name: has-repo, level: Bronze, expression: "entity.properties.?repo.orValue('').startsWith('https://')"}
            - {name: known-language, level: Bronze, expression: "entity.properties.language in ['java', 'go']"}
            - {name: has-oncall, level: Silver, expression: "has(entity.properties.oncall)"}
            - {name: ha, level: Silver, expression: "entity.calculated.ha"}
            - {name: documented, level: Silver, expression: "entity.description != ''"}
            - {name: production, level: Gold, expression: "entity.mirrored.?lifecycle.orValue('') == 'production'"}
            - {name: tiered, level: Gold, expression: "entity.properties.tags.exists(t, t.startsWith('tier-'))"}
            - {name: oncall-domain, level: Gold, expression: "entity.properties.oncall.endsWith('@example.com')"}
            - {name: %s, level: Gold, expression: "%s"}
        """
            .formatted(SCORECARD, CHANGED_RULE, lastRule),
        Scorecard.class);
  }

  private static Map<String, Entity> snapshot(KubernetesClient client) {
    Map<String, Entity> entities = new HashMap<>();
    for (Entity e : client.resources(Entity.class).inAnyNamespace().list().getItems()) {
      entities.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), e);
    }
    return entities;
  }

  /**
   * Names (the first five) entities written when no result changed, with their status before and
   * after.
   */
  private static void reportRewrites(Map<String, Entity> before, Map<String, Entity> after) {
    var mapper = Serialization.jsonMapper();
    int[] reported = {0};
    before.forEach(
        (key, old) -> {
          Entity now = after.get(key);
          if (now != null
              && !now.getMetadata()
                  .getResourceVersion()
                  .equals(old.getMetadata().getResourceVersion())
              && reported[0]++ < 5) {
            var oldStatus = mapper.valueToTree(old.getStatus());
            var newStatus = mapper.valueToTree(now.getStatus());
            System.out.printf(
                "  rewritten: %s (resourceVersion %s -> %s)%n    before: %s%n    after:  %s%n",
                key,
                old.getMetadata().getResourceVersion(),
                now.getMetadata().getResourceVersion(),
                oldStatus,
                newStatus);
          }
        });
  }

  private static void create(KubernetesClient client, String namespace, String name, String spec) {
    Entity entity =
        Serialization.unmarshal(
            "apiVersion: portolan.dev/v1alpha1\nkind: Entity\nmetadata: {name: "
                + name
                + ", namespace: "
                + namespace
                + "}\nspec: "
                + spec,
            Entity.class);
    client.resource(entity).create();
  }

  /**
   * Whether every service holds a result whose last rule is as {@code passes} says for its index.
   */
  private static boolean everyServiceGraded(
      PortolanOperator operator, int services, IntPredicate passes) {
    List<Entity> entities = operator.index().entitiesOfBlueprint("service");
    if (entities.size() < services) {
      return false;
    }
    for (Entity e : entities) {
      ScorecardResult result =
          e.getStatus() == null ? null : e.getStatus().scorecards.get(SCORECARD);
      if (result == null) {
        return false;
      }
      RuleResult last = result.rules.get(RULES - 1);
      int n = e.getSpec().properties.get("n").asInt();
      if (!CHANGED_RULE.equals(last.name) || last.passed != passes.test(n)) {
        return false;
      }
    }
    return true;
  }

  private static boolean aggregateShows(
      KubernetesClient client, long generation, int entities, int failed) {
    ScorecardStatus status =
        client.resources(Scorecard.class).withName(SCORECARD).get().getStatus();
    return status != null
        && status.observedGeneration != null
        && status.observedGeneration == generation
        && status.entities != null
        && status.entities == entities
        && status.rules.get(RULES - 1).failed == failed;
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within 10 minutes");
      }
      Thread.sleep(
          100); // polling 10,000 entities more often competes with the operator for 2 cores
    }
  }

  /** Waits until no write of the kind has happened for two seconds; returns the count. */
  private static double settledWrites(PortolanOperator operator, String kind)
      throws InterruptedException {
    double last = -1;
    double now = operator.statusWriter().writes(kind);
    while (now != last) {
      last = now;
      Thread.sleep(2000);
      now = operator.statusWriter().writes(kind);
    }
    return now;
  }

  private static double reconciles(PortolanOperator operator, String controller) {
    double count = 0;
    for (Meter meter : operator.metrics().getMeters()) {
      if (meter.getId().getName().equals("operator.sdk.controllers.execution.reconcile")
          && controller.equals(meter.getId().getTag("controller"))) {
        for (var m : meter.measure()) {
          if (m.getStatistic() == Statistic.COUNT) {
            count += m.getValue();
          }
        }
      }
    }
    return count;
  }

  private static final List<String> BLUEPRINTS =
      List.of(
          """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: system}
      spec:
        title: System
        properties: {lifecycle: {type: string, enum: [production, deprecated], default: production}}
      """,
          """
      apiVersion: portolan.dev/v1alpha1
      kind: Blueprint
      metadata: {name: service}
      spec:
        title: Service
        properties:
          n: {type: integer, minimum: 0}
          language: {type: string, enum: [java, go, python]}
          replicas: {type: integer, minimum: 0}
          oncall: {type: string, format: email}
          repo: {type: string, format: url}
          tags: {type: array, items: {type: string}}
        required: [n, language]
        relations:
          system: {target: system, required: true}
        calculated:
          ha: {type: boolean, expression: "entity.properties.replicas >= 2"}
        mirrored:
          lifecycle: {path: system.lifecycle}
      """);
}

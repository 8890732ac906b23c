package dev.portolan.catalog;

import dev.portolan.Fixtures;
import dev.portolan.model.Blueprint;

/** The small catalog the unit tests of the checks share: teams, systems and services. */
final class CatalogScenario {
  static final Blueprint TEAM = Fixtures.blueprint("""
      metadata: {name: team}
      spec:
        title: Team
        properties:
          slack: {type: string}
      """);

  static final Blueprint SYSTEM = Fixtures.blueprint("""
      metadata: {name: system}
      spec:
        title: System
        properties:
          lifecycle: {type: string, enum: [production, deprecated], default: production}
        relations:
          team: {target: team, required: true}
      """);

  static final Blueprint SERVICE = Fixtures.blueprint("""
      metadata: {name: service}
      spec:
        title: Service
        properties:
          language: {type: string, enum: [java, go]}
          tier: {type: string, enum: [frontend, backend, data], default: backend}
          replicas: {type: integer, minimum: 0}
        required: [language]
        relations:
          system: {target: system, required: true}
          dependsOn: {target: service, many: true}
        calculated:
          critical: {type: boolean, expression: "entity.properties.tier == 'data'"}
          replicasTimesTwo: {type: integer, expression: "entity.properties.replicas * 2"}
        mirrored:
          lifecycle: {path: system.lifecycle}
          teamSlack: {path: system.team.slack}
          dependencyLanguages: {path: dependsOn.properties.language}
      """);

  private CatalogScenario() {}

  static Fixtures.Catalog catalog() {
    // As in examples/: platform's teams and systems may be related to from every namespace.
    return new Fixtures.Catalog().add(TEAM).add(SYSTEM).add(SERVICE).grant("platform", "*")
        .add(Fixtures.entity("""
            metadata: {name: payments, namespace: platform}
            spec: {blueprint: team, properties: {slack: "#pay"}}
            """))
        .add(Fixtures.entity("""
            metadata: {name: billing, namespace: platform}
            spec: {blueprint: system, relations: {team: payments}}
            """))
        .add(Fixtures.entity("""
            metadata: {name: ledger, namespace: team-payments}
            spec: {blueprint: service, properties: {language: go, replicas: 1}, relations: {system: platform/billing}}
            """));
  }
}

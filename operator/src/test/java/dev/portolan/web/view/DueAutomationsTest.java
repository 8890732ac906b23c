package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Automation;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the entity page and the API say will happen to an entity, and when. */
class DueAutomationsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T17:00:00Z");
  private static final Function<String, Map<String, String>> NAME_ONLY =
      ns -> Map.of(DueAutomations.NAME_LABEL, ns);

  private static Automation automation(String yaml) {
    return Serialization.unmarshal(
        "apiVersion: portolan.dev/v1alpha1\nkind: Automation\n" + yaml, Automation.class);
  }

  private static final Automation EXPIRE =
      automation(
          """
          metadata: {name: expire-environments, namespace: platform}
          spec:
            serviceAccountName: environment-reaper
            trigger: {dateTimeReached: {blueprint: environment, property: expiresAt}}
            effects: {startAction: {definition: delete-environment}}
          """);

  private static Entity environment(String namespace, String expiresAt) {
    return Fixtures.entity(
        """
        metadata: {name: pr-1, namespace: %s, uid: u-1}
        spec:
          blueprint: environment
          properties: {namespace: env-pr-1%s}
        """
            .formatted(namespace, expiresAt == null ? "" : ", expiresAt: '" + expiresAt + "'"));
  }

  private static List<DueAutomation> due(Entity entity, Automation... automations) {
    return DueAutomations.of(entity, List.of(automations), NAME_ONLY, ns -> true, NOW);
  }

  @Test
  void anExpiryAheadIsScheduledAtTheInstantThePropertyNamesWithTheRunItWillStart() {
    List<DueAutomation> due = due(environment("platform", "2026-12-02T18:30:00+01:00"), EXPIRE);
    assertThat(due).hasSize(1);
    DueAutomation one = due.get(0);
    assertThat(one.automation()).isEqualTo("platform/expire-environments");
    assertThat(one.property()).isEqualTo("expiresAt");
    assertThat(one.value()).isEqualTo("2026-12-02T18:30:00+01:00");
    assertThat(one.dueAt()).isEqualTo("2026-12-02T17:30:00Z");
    assertThat(one.state()).isEqualTo(DueAutomations.State.Scheduled);
    assertThat(one.secondsLeft()).isEqualTo(1800L);
    assertThat(one.effects().startAction()).isEqualTo("delete-environment");
    assertThat(one.result()).isNull();
  }

  @Test
  void onlyTheBlueprintAndTheNamespacesTheAutomationWatchesAreCovered() {
    Entity elsewhere = environment("team-checkout", "2026-12-03T00:00:00Z");
    assertThat(due(elsewhere, EXPIRE)).as("its own namespace only, without a selector").isEmpty();

    Entity service =
        Fixtures.entity(
            """
            metadata: {name: cart, namespace: platform, uid: u-2}
            spec: {blueprint: service, properties: {expiresAt: '2026-12-03T00:00:00Z'}}
            """);
    assertThat(due(service, EXPIRE)).as("another blueprint").isEmpty();

    Automation teams =
        automation(
            """
            metadata: {name: expire-team-environments, namespace: platform}
            spec:
              serviceAccountName: reaper
              namespaceSelector:
                matchExpressions:
                  - {key: kubernetes.io/metadata.name, operator: In, values: [team-checkout, team-payments]}
              trigger: {dateTimeReached: {blueprint: environment, property: expiresAt}}
              effects: {event: {reason: Expired, message: "'gone'"}}
            status:
              deniedNamespaces: [team-payments]
            """);
    assertThat(due(elsewhere, teams))
        .extracting(DueAutomation::automation)
        .containsExactly("platform/expire-team-environments");
    assertThat(due(environment("team-payments", "2026-12-03T00:00:00Z"), teams))
        .as("a namespace its ServiceAccount may not list entities in")
        .isEmpty();
    assertThat(due(environment("platform", "2026-12-03T00:00:00Z"), teams))
        .as("its own namespace is not selected")
        .isEmpty();

    Automation labelled =
        automation(
            """
            metadata: {name: by-label, namespace: platform}
            spec:
              serviceAccountName: reaper
              namespaceSelector: {matchLabels: {tier: ephemeral}}
              trigger: {dateTimeReached: {blueprint: environment, property: expiresAt}}
              effects: {startAction: {definition: delete-environment}}
            """);
    assertThat(
            DueAutomations.of(
                elsewhere,
                List.of(labelled),
                ns -> Map.of(DueAutomations.NAME_LABEL, ns, "tier", "ephemeral"),
                ns -> true,
                NOW))
        .hasSize(1);
    assertThat(due(elsewhere, labelled)).isEmpty();
  }

  @Test
  void aPassedInstantIsDueUntilTheAutomationRecordsWhatItDidAboutIt() {
    Entity expired = environment("platform", "2026-12-02T16:59:30Z");
    DueAutomation waiting = due(expired, EXPIRE).get(0);
    assertThat(waiting.state()).isEqualTo(DueAutomations.State.Due);
    assertThat(waiting.secondsLeft()).isEqualTo(-30L);

    Automation fired =
        automation(
            """
            metadata: {name: expire-environments, namespace: platform}
            spec:
              serviceAccountName: environment-reaper
              trigger: {dateTimeReached: {blueprint: environment, property: expiresAt}}
              effects: {startAction: {definition: delete-environment}}
            status:
              recent:
                - {occurrence: "time/u-1/expiresAt/2026-12-01T00:00:00Z", result: Started, run: older}
                - occurrence: "time/u-1/expiresAt/2026-12-02T16:59:30Z"
                  time: "2026-12-02T16:59:30Z"
                  trigger: DateTimeReached
                  entity: platform/pr-1
                  result: Started
                  run: expire-environments-0123456789
            """);
    DueAutomation done = due(expired, fired).get(0);
    assertThat(done.state()).isEqualTo(DueAutomations.State.Fired);
    assertThat(done.result()).isEqualTo("Started");
    assertThat(done.run()).isEqualTo("expire-environments-0123456789");

    DueAutomation moved = due(environment("platform", "2026-12-02T17:10:00Z"), fired).get(0);
    assertThat(moved.state())
        .as("a firing for the old value says nothing of the new one")
        .isEqualTo(DueAutomations.State.Scheduled);
  }

  @Test
  void aMissingOrMalformedValueSchedulesNothingAndSaysWhy() {
    DueAutomation missing = due(environment("platform", null), EXPIRE).get(0);
    assertThat(missing.state()).isEqualTo(DueAutomations.State.NotSet);
    assertThat(missing.dueAt()).isNull();
    assertThat(missing.message()).isEqualTo("the entity has no expiresAt: nothing is scheduled");

    Entity calculated =
        Fixtures.entity(
            """
            metadata: {name: pr-1, namespace: platform, uid: u-1}
            spec: {blueprint: environment}
            status: {calculated: {expiresAt: '2026-12-02T18:00:00Z'}}
            """);
    assertThat(due(calculated, EXPIRE).get(0).dueAt())
        .as("a calculated value counts, as the trigger reads it")
        .isEqualTo("2026-12-02T18:00:00Z");

    DueAutomation malformed = due(environment("platform", "next friday"), EXPIRE).get(0);
    assertThat(malformed.state()).isEqualTo(DueAutomations.State.Invalid);
    assertThat(malformed.value()).isEqualTo("next friday");
    assertThat(malformed.message())
        .isEqualTo(
            "expiresAt is not an RFC 3339 date-time (e.g. 2026-12-24T18:00:00Z): nothing is"
                + " scheduled");
  }

  @Test
  void theSoonestComesFirstAndAnAutomationOfAHiddenNamespaceKeepsItsNameToItself() {
    Automation warn =
        automation(
            """
            metadata: {name: warn-before-expiry, namespace: ops}
            spec:
              serviceAccountName: warner
              namespaceSelector: {}
              condition: "entity.owner != ''"
              trigger: {dateTimeReached: {blueprint: environment, property: warnAt}}
              effects: {notify: {secretRef: {name: team-hook}, format: Slack, message: "'soon'"}}
            """);
    Entity entity =
        Fixtures.entity(
            """
            metadata: {name: pr-1, namespace: platform, uid: u-1}
            spec:
              blueprint: environment
              properties: {namespace: env-pr-1, expiresAt: '2026-12-03T00:00:00Z', warnAt: '2026-12-02T23:00:00Z'}
            """);
    List<DueAutomation> due =
        DueAutomations.of(entity, List.of(EXPIRE, warn), NAME_ONLY, "platform"::equals, NOW);
    assertThat(due).extracting(DueAutomation::property).containsExactly("warnAt", "expiresAt");
    assertThat(due.get(0).automation()).isNull();
    assertThat(due.get(0).condition()).as("the condition is the hidden namespace's too").isNull();
    assertThat(due.get(0).effects().notifySecret()).isEqualTo("team-hook");
    assertThat(due.get(0).effects().notifyFormat()).isEqualTo("Slack");
    assertThat(due.get(1).automation()).isEqualTo("platform/expire-environments");
  }
}

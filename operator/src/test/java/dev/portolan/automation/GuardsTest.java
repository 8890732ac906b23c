package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Action;
import dev.portolan.model.AutomationSpec;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Run names, occurrence ids, the storm guard and the loop guard. */
class GuardsTest {
  @Test
  void aRunNameIsTheAutomationsNameCutAndTenHexDigitsOfTheOccurrence() {
    String id =
        OccurrenceIds.levelChanged("u1", "readiness", "2026-12-02T10:00:00Z", "Bronze", "None");
    assertThat(id).isEqualTo("level/u1/readiness/2026-12-02T10:00:00Z/Bronze/None");
    assertThat(RunNames.run("fix", id))
        .isEqualTo(RunNames.run("fix", id))
        .matches("fix-[0-9a-f]{10}");
    assertThat(RunNames.run("fix", id)).isNotEqualTo(RunNames.run("fix", id + "x"));
    String longName = "a".repeat(39) + "-b" + "c".repeat(30);
    assertThat(RunNames.run(longName, id)).hasSize(39 + 1 + 10).startsWith("a".repeat(39) + "-");
    assertThat(OccurrenceIds.schedule("au", Instant.parse("2026-12-07T08:00:00Z")))
        .isEqualTo("schedule/au/2026-12-07T08:00:00Z");
  }

  @Test
  void theStormGuardAdmitsAtMostTheLimitInOneUtcMinute() {
    StormGuard guard = new StormGuard();
    Instant t = Instant.parse("2026-12-02T10:00:10Z");
    assertThat(guard.admit("a", 2, t)).isTrue();
    assertThat(guard.admit("a", 2, t.plusSeconds(20))).isTrue();
    assertThat(guard.admit("a", 2, t.plusSeconds(30))).isFalse();
    assertThat(guard.admit("b", 2, t.plusSeconds(30))).as("per automation").isTrue();
    assertThat(guard.admit("a", 2, t.plusSeconds(50))).as("the next minute").isTrue();
  }

  private static CompiledAutomation automation(String trigger) {
    return new AutomationCompiler(new CelEngine())
        .compile(
            "team-a",
            "fixer",
            "u",
            Serialization.unmarshal(
                "serviceAccountName: sa\ntrigger: "
                    + trigger
                    + "\neffects: {startAction: {definition: fix}}\n",
                AutomationSpec.class));
  }

  /** The runs of a plain list, as the catalog index would find them. */
  private static LoopGuard.Runs runs(List<Action> actions) {
    return new LoopGuard.Runs() {
      @Override
      public List<Action> actingOn(EntityRef entity) {
        return actions.stream()
            .filter(
                a ->
                    a.getSpec() != null
                        && a.getSpec().entity != null
                        && EntityRef.parse(a.getSpec().entity, a.getMetadata().getNamespace())
                            .map(entity::equals)
                            .orElse(false))
            .toList();
      }

      @Override
      public Optional<Action> withUid(String uid) {
        return actions.stream().filter(a -> uid.equals(a.getMetadata().getUid())).findFirst();
      }
    };
  }

  private static Action action(String labels, String entity, String phase, String done) {
    return Serialization.unmarshal(
        "apiVersion: portolan.dev/v1alpha1\nkind: Action\nmetadata: {name: r, namespace: team-a,"
            + " uid: act, labels: {"
            + labels
            + "}}\nspec: {definition: fix, entity: "
            + entity
            + "}\nstatus: {phase: "
            + phase
            + (done == null ? "" : ", completionTime: '" + done + "'")
            + "}\n",
        Action.class);
  }

  @Test
  void anEntityAnOwnRunCreatedIsItsDoingWhileThatRunActsOrJustAfter() {
    CompiledAutomation a = automation("{entityCreated: {blueprint: service}}");
    Entity made =
        Fixtures.entity(
            "metadata: {name: made, namespace: team-a, annotations:"
                + " {portolan.dev/created-by-action: act}}\nspec: {blueprint: service}\n");
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    Occurrence created =
        new Occurrence(
            "created/x/1", TriggerKind.ENTITY_CREATED, now, made, null, null, null, null);
    Action creator = action("portolan.dev/automation: fixer", "scaffold", "Running", null);
    Action longDone =
        action(
            "portolan.dev/automation: fixer",
            "scaffold",
            "Succeeded",
            now.minusSeconds(300).toString());
    Action othersCreator = action("portolan.dev/automation: other", "scaffold", "Running", null);
    assertThat(LoopGuard.ownRunBehind(a, created, runs(List.of(creator))))
        .as("found by the uid the entity names, though the run acts on another entity")
        .containsSame(creator);
    assertThat(LoopGuard.causedByOwnRun(a, created, runs(List.of(longDone)))).isFalse();
    assertThat(LoopGuard.causedByOwnRun(a, created, runs(List.of(othersCreator)))).isFalse();
  }

  @Test
  void anEntityChangeWhileOrJustAfterAnOwnRunActsOnItIsAnOwnRun() {
    CompiledAutomation a = automation("{entityUpdated: {blueprint: service}}");
    Entity api =
        Fixtures.entity("metadata: {name: api, namespace: team-a}\nspec: {blueprint: service}\n");
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    Occurrence change =
        new Occurrence("updated/x/2", TriggerKind.ENTITY_UPDATED, now, api, api, null, null, null);
    Action running = action("portolan.dev/automation: fixer", "api", "Running", null);
    Action justDone =
        action(
            "portolan.dev/automation: fixer", "api", "Succeeded", now.minusSeconds(30).toString());
    Action longDone =
        action(
            "portolan.dev/automation: fixer", "api", "Succeeded", now.minusSeconds(300).toString());
    Action otherEntity = action("portolan.dev/automation: fixer", "web", "Running", null);
    Action otherAutomation = action("portolan.dev/automation: other", "api", "Running", null);
    assertThat(LoopGuard.causedByOwnRun(a, change, runs(List.of(running)))).isTrue();
    assertThat(LoopGuard.causedByOwnRun(a, change, runs(List.of(justDone)))).isTrue();
    assertThat(LoopGuard.causedByOwnRun(a, change, runs(List.of(longDone)))).isFalse();
    assertThat(LoopGuard.causedByOwnRun(a, change, runs(List.of(otherEntity)))).isFalse();
    assertThat(LoopGuard.causedByOwnRun(a, change, runs(List.of(otherAutomation)))).isFalse();
    assertThat(LoopGuard.ownRunBehind(a, change, runs(List.of(otherEntity, justDone))))
        .as("the run found is the one acting on the entity")
        .containsSame(justDone);
    assertThat(LoopGuard.message(change, justDone))
        .isEqualTo(
            "the change of team-a/api comes from this automation's own run team-a/r; set"
                + " spec.triggerOnOwnRuns: true to act on its own runs' effects");
  }

  @Test
  void aFinishedActionIsAnOwnRunByItsLabelInTheAutomationsNamespace() {
    CompiledAutomation a = automation("{actionFinished: {definition: fix}}");
    Action own = action("portolan.dev/automation: fixer", "api", "Failed", null);
    Action byHand = action("", "api", "Failed", null);
    Occurrence finishedOwn =
        new Occurrence(
            "finished/act",
            TriggerKind.ACTION_FINISHED,
            Instant.now(),
            null,
            null,
            null,
            null,
            own);
    Occurrence finishedByHand =
        new Occurrence(
            "finished/act",
            TriggerKind.ACTION_FINISHED,
            Instant.now(),
            null,
            null,
            null,
            null,
            byHand);
    assertThat(LoopGuard.causedByOwnRun(a, finishedOwn, runs(List.of()))).isTrue();
    assertThat(LoopGuard.causedByOwnRun(a, finishedByHand, runs(List.of()))).isFalse();
    assertThat(LoopGuard.message(finishedOwn, own))
        .isEqualTo(
            "the finished Action team-a/r is this automation's own run; set"
                + " spec.triggerOnOwnRuns: true to act on its own runs' effects");
    own.getMetadata()
        .setAnnotations(java.util.Map.of(RunNames.AUTOMATION_NAMESPACE_ANNOTATION, "team-b"));
    assertThat(LoopGuard.causedByOwnRun(a, finishedOwn, runs(List.of())))
        .as("an automation of the same name in another namespace")
        .isFalse();
  }
}

package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.AutomationSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class AutomationCompilerTest {
  private final AutomationCompiler compiler = new AutomationCompiler(new CelEngine());

  private CompiledAutomation compile(String yaml) {
    return compiler.compile(
        "team-a", "auto", "uid-1", Serialization.unmarshal(yaml, AutomationSpec.class));
  }

  @Test
  void aLevelChangeAutomationCompilesItsConditionAndInputsOverFromAndTo() {
    CompiledAutomation a =
        compile(
            "serviceAccountName: remediator\n"
                + "trigger: {scorecardLevelChanged: {scorecard: readiness}}\n"
                + "condition: \"to != 'Gold' && entity.owner == 'a'\"\n"
                + "effects: {startAction: {definition: fix, inputs: {reason: \"'from ' + from + ' to ' + to\"}}}\n");
    assertThat(a.problems()).isEmpty();
    assertThat(a.valid()).isTrue();
    assertThat(a.kind()).isEqualTo(TriggerKind.SCORECARD_LEVEL_CHANGED);
    assertThat(a.scorecard()).isEqualTo("readiness");
    assertThat(a.maxRunsPerMinute()).isEqualTo(60);
    assertThat(a.triggerOnOwnRuns()).isFalse();
    assertThat(a.startAction().inputs()).containsOnlyKeys("reason");
  }

  @Test
  void eachBadExpressionIsAProblemNamingItsField() {
    CompiledAutomation a =
        compile(
            "serviceAccountName: remediator\n"
                + "trigger: {entityCreated: {blueprint: service}}\n"
                + "condition: \"from == 'Gold'\"\n"
                + "effects:\n"
                + "  startAction: {definition: fix, inputs: {reason: \"entity.name +\"}}\n"
                + "  event: {reason: New, message: \"1 + 1\"}\n");
    assertThat(a.valid()).isFalse();
    assertThat(a.problems())
        .extracting(Problem::field)
        .containsExactly(
            "spec.condition",
            "spec.effects.startAction.inputs.reason",
            "spec.effects.event.message");
    assertThat(a.problems().get(0).message())
        .as("an entityCreated condition has no from; the message lists what it has")
        .startsWith("spec.condition: ")
        .contains("entity, time");
    assertThat(a.problems().get(2).message()).contains("must return string");
  }

  @Test
  void noTriggerOrSeveralAndNoEffectAreProblems() {
    CompiledAutomation none = compile("serviceAccountName: sa\ntrigger: {}\neffects: {}\n");
    assertThat(none.problems())
        .extracting(Problem::field)
        .containsExactly("spec.trigger", "spec.effects");
    CompiledAutomation two =
        compile(
            "serviceAccountName: sa\n"
                + "trigger: {entityCreated: {blueprint: a}, entityDeleted: {blueprint: a}}\n"
                + "effects: {event: {reason: Gone, message: \"'x'\"}}\n");
    assertThat(two.kind()).isNull();
    assertThat(two.problems().get(0).message()).contains("names 2 triggers");
  }

  @Test
  void anActionFinishedTriggerCountsOnlyTerminalPhases() {
    CompiledAutomation a =
        compile(
            "serviceAccountName: sa\n"
                + "trigger: {actionFinished: {definition: deploy, phases: [Failed, Running]}}\n"
                + "condition: \"action.phase == 'Failed'\"\n"
                + "effects: {event: {reason: DeployFailed, message: \"action.name\"}}\n");
    assertThat(a.problems())
        .extracting(Problem::field)
        .containsExactly("spec.trigger.actionFinished.phases");
    CompiledAutomation any =
        compile(
            "serviceAccountName: sa\n"
                + "trigger: {actionFinished: {definition: deploy}}\n"
                + "effects: {event: {reason: Done, message: \"action.name\"}}\n");
    assertThat(any.phases()).containsExactlyInAnyOrder("Succeeded", "Failed", "Rejected");
  }
}

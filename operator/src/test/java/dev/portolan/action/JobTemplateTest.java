package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinitionSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Job an Action becomes, and the checks of the definition it comes from. */
class JobTemplateTest {
  private final ActionDefinitionCompiler compiler = new ActionDefinitionCompiler(new CelEngine());

  private CompiledActionDefinition definition(String yaml) {
    return compiler.compile("def", Serialization.unmarshal(yaml, ActionDefinitionSpec.class));
  }

  private static Action action(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Action
        metadata: {name: %s, namespace: team-a, uid: a-1}
        spec: {definition: def}
        """
            .formatted(name),
        Action.class);
  }

  @Test
  void whatTheTemplateSetsIsKeptAndOnlyUnsetFieldsGetTheSafeDefaults() {
    CompiledActionDefinition definition =
        definition(
            """
        title: T
        blueprint: service
        operation: Create
        inputs: {properties: {replica-count: {type: integer}, note: {type: string}}}
        job:
          backoffLimit: 2
          template:
            spec:
              securityContext: {runAsNonRoot: false, runAsUser: 0}
              containers:
                - name: run
                  image: busybox
                  env: [{name: INPUT_NOTE, value: from-template}, {name: KEEP, value: me}]
                  securityContext: {readOnlyRootFilesystem: false}
                  volumeMounts: [{name: scratch, mountPath: /tmp}]
              volumes: [{name: scratch, emptyDir: {}}]
        """);
    assertThat(definition.problems()).isEmpty();
    Map<String, com.fasterxml.jackson.databind.JsonNode> inputs = new LinkedHashMap<>();
    inputs.put("replica-count", IntNode.valueOf(3));
    inputs.put("note", TextNode.valueOf("from the user"));
    Job job =
        JobTemplate.build(
            action("run-1"),
            definition,
            inputs,
            null,
            new ActionRecords.Identity("alice", List.of(), null));

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds())
        .isEqualTo(JobTemplate.DEFAULT_DEADLINE_SECONDS);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("KEEP", "me"),
            org.assertj.core.groups.Tuple.tuple("INPUT_REPLICA_COUNT", "3"),
            org.assertj.core.groups.Tuple.tuple("INPUT_NOTE", "from the user"),
            org.assertj.core.groups.Tuple.tuple("ACTION_NAME", "run-1"),
            org.assertj.core.groups.Tuple.tuple("ACTION_NAMESPACE", "team-a"),
            org.assertj.core.groups.Tuple.tuple("ACTION_REQUESTED_BY", "alice"));
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("scratch");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(JobTemplate.ACTION_LABEL, "run-1")
        .containsEntry(JobTemplate.DEFINITION_LABEL, "def");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry(JobTemplate.ACTION_LABEL, "run-1");
  }

  @Test
  void onlyTheKeyThatSignedAJobRecognisesIt() {
    JobSignature key = JobSignature.ephemeral();
    Action action = action("run-1");
    Job job =
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
            .withNewMetadata()
            .withName("run-1")
            .addToAnnotations(JobSignature.ANNOTATION, key.sign(action, "run-1"))
            .endMetadata()
            .build();
    assertThat(key.signed(job, action)).isTrue();
    assertThat(JobSignature.ephemeral().signed(job, action)).isFalse();
    Action other = action("run-1");
    other.getMetadata().setUid("a-2");
    assertThat(key.signed(job, other)).as("an Action of the same name, created again").isFalse();
    job.getMetadata().getAnnotations().put(JobSignature.ANNOTATION, "forged");
    assertThat(key.signed(job, action)).isFalse();
  }

  @Test
  void aLongActionNameGivesAJobNameThatFitsAndStaysTheSame() {
    String name = "a".repeat(70) + "-run";
    String jobName = JobTemplate.jobName(action(name));
    assertThat(jobName)
        .hasSizeLessThanOrEqualTo(63)
        .startsWith("a".repeat(40))
        .matches("[a-z0-9-]+");
    assertThat(JobTemplate.jobName(action(name))).isEqualTo(jobName);
    assertThat(JobTemplate.jobName(action("b".repeat(70) + "-run"))).isNotEqualTo(jobName);
  }

  @Test
  void aDefinitionWithABadConditionClashingInputsAndABadJobListsEveryProblem() {
    CompiledActionDefinition definition =
        definition(
            """
        title: T
        blueprint: service
        operation: Day2
        condition: "entity.properties.tier =="
        inputs: {properties: {a-b: {type: string}, a_b: {type: string}, n: {type: strng}}, required: [missing]}
        job: {template: {spec: {restartPolicy: Always, containers: [{name: run}]}}}
        """);
    assertThat(definition.valid()).isFalse();
    assertThat(definition.problems())
        .extracting(Problem::message)
        .containsExactly(
            "spec.inputs.properties.a_b: becomes the environment variable INPUT_A_B like input 'a-b'; rename one of them",
            "spec.inputs.properties.n.type: 'strng' is not a property type; use one of string, integer, number, boolean,"
                + " array, object",
            "spec.inputs.required: 'missing' is not declared under spec.inputs.properties; declare it or remove it",
            definition.problems().get(3).message(),
            "spec.job.template.spec.containers[0].image: is required",
            "spec.job.template.spec.restartPolicy: a Job's Pods must use Never or OnFailure, not Always");
    assertThat(definition.problems().get(3).message()).startsWith("spec.condition: line 1, column");
  }
}

package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the Job that runs one Action from its definition's template: named after the Action and
 * owned by it, labelled so its Pods can be found, given the inputs and the entity, and made safe by
 * default. Every default applies only where the template leaves the field unset, so a definition
 * can still, knowingly, choose otherwise.
 */
public final class JobTemplate {
  public static final String ACTION_LABEL = "portolan.dev/action";
  public static final String DEFINITION_LABEL = "portolan.dev/action-definition";

  /** The entity as JSON, on the Pod, projected into {@code /portolan/entity.json}. */
  public static final String ENTITY_ANNOTATION = "portolan.dev/entity-json";

  static final String ENTITY_DIRECTORY = "/portolan";
  static final String ENTITY_FILE_NAME = "entity.json";
  static final String ENTITY_VOLUME = "portolan-entity";
  static final String TMP_VOLUME = "portolan-tmp";
  static final Set<String> RESERVED_VOLUMES = Set.of(ENTITY_VOLUME, TMP_VOLUME);
  static final long DEFAULT_DEADLINE_SECONDS = 3600;
  private static final int MAX_NAME = 63;

  private JobTemplate() {}

  /** The Job's name: the Action's, shortened with a hash when a Job name could not hold it. */
  public static String jobName(Action action) {
    return Names.fit(action.getMetadata().getName(), MAX_NAME);
  }

  /** The environment variable that carries an input: {@code INPUT_} and the name in capitals. */
  public static String inputVariable(String input) {
    StringBuilder out = new StringBuilder("INPUT_");
    for (char c : input.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : '_');
    }
    return out.toString();
  }

  /**
   * @param inputs the run's inputs with the schema's defaults applied
   * @param entity the entity acted on, or null for a Create action
   */
  public static Job build(
      Action action,
      CompiledActionDefinition definition,
      Map<String, JsonNode> inputs,
      Entity entity,
      ActionRecords.Identity requester) {
    JobSpec spec = Serialization.clone(definition.job());
    String actionName = action.getMetadata().getName();
    String namespace = action.getMetadata().getNamespace();
    if (spec.getBackoffLimit() == null) {
      spec.setBackoffLimit(0); // a golden path runs once unless its definition asks for retries
    }
    if (spec.getActiveDeadlineSeconds() == null) {
      spec.setActiveDeadlineSeconds(DEFAULT_DEADLINE_SECONDS);
    }
    ObjectMeta podMeta =
        spec.getTemplate().getMetadata() == null
            ? new ObjectMeta()
            : spec.getTemplate().getMetadata();
    podMeta.setLabels(merged(podMeta.getLabels(), labels(action)));
    PodSpec pod = spec.getTemplate().getSpec();
    if (pod.getRestartPolicy() == null) {
      pod.setRestartPolicy("Never");
    }
    if (pod.getAutomountServiceAccountToken() == null && pod.getServiceAccountName() == null) {
      pod.setAutomountServiceAccountToken(
          false); // no API access unless the definition names an account
    }
    restrictPod(pod);

    List<EnvVar> env = new ArrayList<>();
    inputs.forEach(
        (input, value) ->
            env.add(
                new EnvVar(
                    inputVariable(input),
                    value.isTextual() ? value.textValue() : value.toString(),
                    null)));
    env.add(new EnvVar("ACTION_NAME", actionName, null));
    env.add(new EnvVar("ACTION_NAMESPACE", namespace, null));
    env.add(new EnvVar("ACTION_REQUESTED_BY", requester.username(), null));
    List<VolumeMount> mounts = new ArrayList<>();
    if (entity != null) {
      env.add(new EnvVar("ENTITY_NAME", entity.getMetadata().getName(), null));
      env.add(new EnvVar("ENTITY_NAMESPACE", entity.getMetadata().getNamespace(), null));
      podMeta.setAnnotations(
          merged(podMeta.getAnnotations(), Map.of(ENTITY_ANNOTATION, entityJson(entity))));
      addVolume(
          pod,
          new VolumeBuilder()
              .withName(ENTITY_VOLUME)
              .withNewDownwardAPI()
              .addNewItem()
              .withPath(ENTITY_FILE_NAME)
              .withNewFieldRef()
              .withFieldPath("metadata.annotations['" + ENTITY_ANNOTATION + "']")
              .endFieldRef()
              .endItem()
              .endDownwardAPI()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(ENTITY_VOLUME)
              .withMountPath(ENTITY_DIRECTORY)
              .withReadOnly(true)
              .build());
    }
    boolean needsTmp = false;
    for (Container container : containers(pod)) {
      restrictContainer(container);
      container.setEnv(withOurs(container.getEnv(), env));
      List<VolumeMount> containerMounts =
          new ArrayList<>(
              container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
      containerMounts.addAll(mounts);
      boolean readOnlyRoot =
          Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
      if (readOnlyRoot
          && containerMounts.stream().noneMatch(m -> "/tmp".equals(m.getMountPath()))) {
        containerMounts.add(
            new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        needsTmp = true;
      }
      container.setVolumeMounts(containerMounts);
      if (container.getTerminationMessagePolicy() == null) {
        // A failed container's last log lines become its termination message, which the Action
        // shows.
        container.setTerminationMessagePolicy("FallbackToLogsOnError");
      }
    }
    if (needsTmp) {
      addVolume(
          pod,
          new VolumeBuilder()
              .withName(TMP_VOLUME)
              .withNewEmptyDir()
              .withSizeLimit(new io.fabric8.kubernetes.api.model.Quantity("64Mi"))
              .endEmptyDir()
              .build());
    }
    spec.getTemplate().setMetadata(podMeta);

    Job job = new Job();
    job.setMetadata(new ObjectMeta());
    job.getMetadata().setName(jobName(action));
    job.getMetadata().setNamespace(namespace);
    job.getMetadata().setLabels(labels(action));
    job.getMetadata().setOwnerReferences(List.of(ownerReference(action)));
    job.setSpec(spec);
    return job;
  }

  static OwnerReference ownerReference(Action action) {
    return new OwnerReferenceBuilder()
        .withApiVersion(action.getApiVersion())
        .withKind(action.getKind())
        .withName(action.getMetadata().getName())
        .withUid(action.getMetadata().getUid())
        .withController(true)
        .build();
  }

  static Map<String, String> labels(Action action) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ACTION_LABEL, jobName(action));
    labels.put(DEFINITION_LABEL, action.getSpec().definition);
    labels.put("app.kubernetes.io/managed-by", "portolan");
    return labels;
  }

  private static void restrictPod(PodSpec pod) {
    PodSecurityContext context =
        pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    if (context.getRunAsNonRoot() == null) {
      context.setRunAsNonRoot(true);
    }
    if (context.getSeccompProfile() == null) {
      context.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
    }
    pod.setSecurityContext(context);
  }

  private static void restrictContainer(Container container) {
    SecurityContext context =
        container.getSecurityContext() == null
            ? new SecurityContext()
            : container.getSecurityContext();
    if (context.getAllowPrivilegeEscalation() == null) {
      context.setAllowPrivilegeEscalation(false);
    }
    if (context.getReadOnlyRootFilesystem() == null) {
      context.setReadOnlyRootFilesystem(true);
    }
    if (context.getCapabilities() == null) {
      context.setCapabilities(new Capabilities(null, List.of("ALL")));
    }
    if (context.getPrivileged() == null) {
      context.setPrivileged(false);
    }
    container.setSecurityContext(context);
  }

  private static List<Container> containers(PodSpec pod) {
    return Stream.concat(
            pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream(),
            pod.getContainers().stream())
        .toList();
  }

  /** The template's variables, then Portolan's, which replace any of the same name. */
  private static List<EnvVar> withOurs(List<EnvVar> template, List<EnvVar> ours) {
    Set<String> names = new java.util.HashSet<>();
    ours.forEach(e -> names.add(e.getName()));
    List<EnvVar> out = new ArrayList<>();
    if (template != null) {
      template.stream().filter(e -> !names.contains(e.getName())).forEach(out::add);
    }
    ours.forEach(e -> out.add(new EnvVar(e.getName(), e.getValue(), null)));
    return out;
  }

  private static void addVolume(PodSpec pod, Volume volume) {
    List<Volume> volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
    volumes.add(volume);
    pod.setVolumes(volumes);
  }

  private static Map<String, String> merged(Map<String, String> base, Map<String, String> ours) {
    Map<String, String> out = new LinkedHashMap<>(base == null ? Map.of() : base);
    out.putAll(ours);
    return out;
  }

  /** The entity as its resource JSON, without the server's bookkeeping fields. */
  static String entityJson(Entity entity) {
    Entity copy = Serialization.clone(entity);
    copy.getMetadata().setManagedFields(null);
    if (copy.getMetadata().getAnnotations() != null) {
      copy.getMetadata()
          .getAnnotations()
          .remove("kubectl.kubernetes.io/last-applied-configuration");
    }
    return Serialization.asJson(copy);
  }
}

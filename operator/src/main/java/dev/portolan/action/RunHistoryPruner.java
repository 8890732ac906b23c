package dev.portolan.action;

import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a definition's history: deletes the finished runs of a definition in a namespace beyond its
 * {@code history.keep}, oldest first (with their Jobs, in the background). A run that cannot be
 * deleted is logged and left for the next prune.
 */
public final class RunHistoryPruner {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistoryPruner.class);

  private final KubernetesClient client;

  public RunHistoryPruner(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Deletes the finished runs of the run's definition in its namespace beyond its keep.
   *
   * @param action a run that has finished
   * @param definition its definition, or null when it has none (then nobody said how many to keep)
   * @param namespace the Actions of the run's namespace, as cached
   */
  public void prune(Action action, CompiledActionDefinition definition, Stream<Action> namespace) {
    int keep = definition == null ? -1 : definition.historyKeep();
    if (keep < 0) {
      return;
    }
    for (Action old : beyondKeep(action.getSpec().definition, keep, namespace)) {
      try {
        client.resource(old).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        LOG.info(
            "Pruned Action {}/{} ({} keeps {})",
            old.getMetadata().getNamespace(),
            old.getMetadata().getName(),
            action.getSpec().definition,
            keep);
      } catch (KubernetesClientException e) {
        LOG.warn(
            "Could not prune Action {}/{}: {}",
            old.getMetadata().getNamespace(),
            old.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  /**
   * The finished runs of {@code definition} among {@code runs} beyond the {@code keep} that
   * finished last (by completion time, else creation time, then name); runs being deleted are not
   * counted.
   */
  static List<Action> beyondKeep(String definition, int keep, Stream<Action> runs) {
    List<Action> finished =
        runs.filter(
                a ->
                    definition.equals(a.getSpec().definition)
                        && a.getStatus() != null
                        && ActionPhases.finished(a.getStatus().phase)
                        && a.getMetadata().getDeletionTimestamp() == null)
            .sorted(
                Comparator.comparing(RunHistoryPruner::finishedAt)
                    .thenComparing(a -> String.valueOf(a.getMetadata().getCreationTimestamp()))
                    .thenComparing(a -> a.getMetadata().getName())
                    .reversed())
            .toList();
    return finished.subList(Math.min(keep, finished.size()), finished.size());
  }

  private static String finishedAt(Action action) {
    String time = action.getStatus().completionTime;
    return time != null
        ? time
        : action.getMetadata().getCreationTimestamp() == null
            ? ""
            : action.getMetadata().getCreationTimestamp();
  }
}

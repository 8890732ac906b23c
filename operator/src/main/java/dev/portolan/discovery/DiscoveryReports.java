package dev.portolan.discovery;

import dev.portolan.kit.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What discovery has to say about each blueprint: the rules that do not compile, the kinds the API
 * server does not serve, and the objects that could not be mapped. The Blueprint controller puts it
 * on the blueprint's status; it is rebuilt from scratch after a restart.
 */
public final class DiscoveryReports {
  private static final int MAX_OBJECT_PROBLEMS = 20;

  /** One blueprint's report. */
  public record Report(int rules, List<String> watching, List<Problem> problems) {
    public static final Report NONE = new Report(0, List.of(), List.of());
  }

  private final Map<String, List<Problem>> ruleProblems = new ConcurrentHashMap<>();
  private final Map<String, Integer> ruleCounts = new ConcurrentHashMap<>();
  private final Map<String, List<String>> watching = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<Problem>>> objectProblems = new ConcurrentHashMap<>();
  private final Map<String, List<Problem>> kindProblems = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Hears the name of each blueprint whose report changed. */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  /** The report of a blueprint, or null while discovery has not yet compiled its rules. */
  public Report reportIfKnown(String blueprint) {
    return ruleCounts.containsKey(blueprint) ? report(blueprint) : null;
  }

  public Report report(String blueprint) {
    List<Problem> problems = new ArrayList<>(ruleProblems.getOrDefault(blueprint, List.of()));
    problems.addAll(kindProblems.getOrDefault(blueprint, List.of()));
    objectProblems.getOrDefault(blueprint, Map.of()).values().forEach(problems::addAll);
    return new Report(
        ruleCounts.getOrDefault(blueprint, 0),
        watching.getOrDefault(blueprint, List.of()),
        problems);
  }

  void rules(String blueprint, int compiled, List<String> kinds, List<Problem> problems) {
    Report before = report(blueprint);
    ruleCounts.put(blueprint, compiled);
    watching.put(blueprint, List.copyOf(kinds));
    ruleProblems.put(blueprint, List.copyOf(problems));
    changed(blueprint, before);
  }

  void kindProblems(String blueprint, List<Problem> problems) {
    Report before = report(blueprint);
    if (problems.isEmpty()) {
      kindProblems.remove(blueprint);
    } else {
      kindProblems.put(blueprint, List.copyOf(problems));
    }
    changed(blueprint, before);
  }

  /** Records the problems of mapping one object through a blueprint's rules (empty clears them). */
  void objectProblems(String blueprint, String object, List<Problem> problems) {
    Map<String, List<Problem>> byObject =
        objectProblems.computeIfAbsent(blueprint, b -> new LinkedHashMap<>());
    Report before;
    synchronized (byObject) {
      before = report(blueprint);
      if (problems.isEmpty()) {
        byObject.remove(object);
      } else if (byObject.containsKey(object) || byObject.size() < MAX_OBJECT_PROBLEMS) {
        byObject.put(object, List.copyOf(problems));
      }
    }
    changed(blueprint, before);
  }

  void forget(String blueprint) {
    Report before = report(blueprint);
    ruleProblems.remove(blueprint);
    ruleCounts.remove(blueprint);
    watching.remove(blueprint);
    objectProblems.remove(blueprint);
    kindProblems.remove(blueprint);
    changed(blueprint, before);
  }

  private void changed(String blueprint, Report before) {
    if (!Objects.equals(before, report(blueprint))) {
      listeners.forEach(l -> l.accept(blueprint));
    }
  }
}

package dev.portolan.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of {@code portolan grade}.
 *
 * @param manifests the {@code -f} paths, {@code -} for standard input
 * @param definitions the {@code --blueprints} paths; empty to read the definitions from the cluster
 * @param minLevel the level every graded object must reach, or null
 * @param output {@code table}, {@code json} or {@code junit}
 */
record GradeOptions(
    boolean help,
    List<String> manifests,
    List<String> definitions,
    String minLevel,
    String output) {
  static final List<String> OUTPUTS = List.of("table", "json", "junit");

  static final String USAGE =
      """
      Usage: java -jar portolan-operator.jar grade -f PATH [-f PATH ...] [--blueprints PATH ...]
                                                   [--min-level LEVEL] [-o table|json|junit]

      Grades manifests before they are applied: each object a blueprint's discovery rules map
      (Deployments, StatefulSets, DaemonSets, CronJobs, ...) is mapped into the entity it would
      become and graded on every scorecard of that entity's blueprint, as the operator grades it
      live. Starts no operator and opens no port.

        -f PATH             a manifest file, or a directory of them (its *.yaml, *.yml and *.json
                            files, not its subdirectories), multi-document YAML; - reads standard
                            input (helm template ... | ... -f -). Repeatable; at least one.
        --blueprints PATH   a file or directory holding the Blueprints and Scorecards to grade with
                            (other kinds are ignored). Repeatable. Without it, they are read from the
                            cluster of $KUBECONFIG or ~/.kube/config.
        --min-level LEVEL   exit 1 when an object is below LEVEL on a scorecard that has that level
        -o FORMAT           table (default, for people), json (for machines) or junit (JUnit XML, one
                            test case per object and scorecard, for CI)
        -h, --help          print this text

      An object without metadata.namespace is graded in namespace default, where kubectl would
      create it. Exit status: 0 graded (and every object reaches --min-level), 1 an object is below
      --min-level, 2 a usage or input error (invalid YAML names the file and line).
      """;

  static GradeOptions parse(String[] args) throws UsageException {
    List<String> manifests = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    String minLevel = null;
    String output = "table";
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> help = true;
        case "-f", "--filename" -> manifests.add(value(args, ++i, arg));
        case "--blueprints" -> definitions.add(value(args, ++i, arg));
        case "--min-level" -> minLevel = value(args, ++i, arg);
        case "-o", "--output" -> output = value(args, ++i, arg);
        default -> {
          if (arg.startsWith("-f") && arg.length() > 2) {
            manifests.add(arg.substring(2));
          } else if (arg.startsWith("--") && arg.contains("=")) {
            String[] split = arg.split("=", 2);
            return parse(join(args, i, split[0], split[1]));
          } else {
            throw new UsageException(
                "unknown argument " + arg + "; see java -jar portolan-operator.jar grade --help");
          }
        }
      }
    }
    if (help) {
      return new GradeOptions(true, manifests, definitions, minLevel, output);
    }
    if (!OUTPUTS.contains(output)) {
      throw new UsageException(
          "-o " + output + " is not an output format; use one of " + String.join(", ", OUTPUTS));
    }
    if (manifests.isEmpty()) {
      throw new UsageException(
          "name the manifests to grade with -f PATH (a file, a directory, or - for standard input)");
    }
    if (minLevel != null && minLevel.isBlank()) {
      throw new UsageException("--min-level needs a level name, such as Silver");
    }
    return new GradeOptions(
        false, List.copyOf(manifests), List.copyOf(definitions), minLevel, output);
  }

  /** The arguments with {@code --flag=value} at {@code at} split into two. */
  private static String[] join(String[] args, int at, String flag, String value) {
    List<String> split = new ArrayList<>(List.of(args).subList(0, at));
    split.add(flag);
    split.add(value);
    split.addAll(List.of(args).subList(at + 1, args.length));
    return split.toArray(String[]::new);
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length || args[i].isEmpty()) {
      throw new UsageException(flag + " needs a value; see --help");
    }
    return args[i];
  }
}

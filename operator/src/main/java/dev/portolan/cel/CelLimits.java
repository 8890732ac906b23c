package dev.portolan.cel;

import java.time.Duration;

/**
 * The budgets every Portolan expression is held to, whoever writes it (a filter in a request, a
 * blueprint, a scorecard, a discovery rule, an action definition).
 *
 * <p>At compile time: the source length, the number of nodes, the nesting depth, the size of
 * list and map literals, and an estimate ({@link CostEstimator}) of the evaluation steps and of the
 * largest value an evaluation can build. At run time ({@link EvaluationGuard}): the steps actually
 * taken, comprehension iterations, the length of every string and the size of every list and map
 * made, and a deadline per evaluation; {@link CelDeadline} adds one per request.
 *
 * @param maxSourceLength characters of source text
 * @param maxNodes nodes of the parsed expression, macros expanded
 * @param maxDepth nesting of the parsed expression
 * @param maxLiteralEntries entries of one list or map literal
 * @param maxEstimatedCost estimated evaluation steps, for inputs of {@code assumedInputSize}
 * @param maxEstimatedSize estimated characters (strings) or entries (lists and maps) of any value
 * @param assumedInputSize entries of a list or map, and characters of a string, read from a
 *     variable, as the estimate assumes them; larger inputs are bounded at run time
 * @param maxSteps evaluation steps of one evaluation (one node evaluated is one step)
 * @param maxIterations comprehension iterations of one evaluation
 * @param maxValueSize characters of a string, entries of a list or map, made by one evaluation
 * @param maxEvaluationTime wall-clock time of one evaluation
 */
public record CelLimits(
    int maxSourceLength,
    int maxNodes,
    int maxDepth,
    int maxLiteralEntries,
    long maxEstimatedCost,
    long maxEstimatedSize,
    long assumedInputSize,
    long maxSteps,
    int maxIterations,
    int maxValueSize,
    Duration maxEvaluationTime) {

  /** The limits in force everywhere (docs/api.md, "Expression limits"). */
  public static final CelLimits DEFAULT =
      new CelLimits(4_096, 2_000, 100, 1_000, 1_000_000, 1_000_000, 100, 1_000_000, 100_000, 1_000_000,
          Duration.ofSeconds(1));
}

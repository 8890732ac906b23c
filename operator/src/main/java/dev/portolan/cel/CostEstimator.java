package dev.portolan.cel;

import static dev.portolan.cel.Saturating.add;
import static dev.portolan.cel.Saturating.amount;
import static dev.portolan.cel.Saturating.mul;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worst-case estimate of what evaluating a checked expression costs, made before it ever runs:
 * the evaluation steps, and the size of every value it builds. cel-java 0.14 has no cost estimator
 * (cel-go's), so this one walks the AST with the same idea: every value has an upper bound on its
 * size (characters of a string, entries of a list or map, and the bound of its entries), literals
 * have their own, values read from variables have {@link CelLimits#assumedInputSize()}; a
 * comprehension costs its range's size times its body, so nested comprehensions multiply, and a
 * concatenation adds its operands' sizes, so a value doubled at every level of a nest grows
 * exponentially. Arithmetic saturates at {@link Long#MAX_VALUE}.
 *
 * <p>Also enforced here: the node count, the nesting depth, and the size of list and map literals.
 * This class is the walk and the budgets; a value's bound is {@link SizeBound}, what each function
 * costs {@link FunctionCosts}, and the arithmetic {@link Saturating}.
 */
final class CostEstimator {

  /** Where a budget was broken first (the deepest node), and how. */
  private record Excess(long id, String message) {}

  private final CelAbstractSyntaxTree ast;
  private final CelLimits limits;
  private final SizeBound input;
  private long nodes;
  private Excess excess;

  private CostEstimator(CelAbstractSyntaxTree ast, CelLimits limits) {
    this.ast = ast;
    this.limits = limits;
    this.input = SizeBound.unknown(limits.assumedInputSize());
  }

  /**
   * Checks a compiled expression against the budgets.
   *
   * @throws ExpressionLimitException naming the budget broken, where, and how to simplify
   */
  static void check(CelAbstractSyntaxTree ast, CelLimits limits) throws ExpressionLimitException {
    CostEstimator estimator = new CostEstimator(ast, limits);
    CostEstimate total = estimator.walk(ast.getExpr(), Map.of(), 1);
    if (estimator.excess == null && total.cost() > limits.maxEstimatedCost()) {
      estimator.excess = new Excess(ast.getExpr().id(), costMessage(total.cost(), limits));
    }
    if (estimator.excess != null) {
      throw new ExpressionLimitException(
          estimator.where(estimator.excess.id) + estimator.excess.message);
    }
  }

  private String where(long id) {
    Integer offset = ast.getSource().getPositionsMap().get(id);
    if (offset == null) {
      return "";
    }
    Optional<CelSourceLocation> location = ast.getSource().getOffsetLocation(offset);
    return location
        .map(l -> "line " + l.getLine() + ", column " + (l.getColumn() + 1) + ": ")
        .orElse("");
  }

  private CostEstimate walk(CelExpr expr, Map<String, SizeBound> bound, int depth) {
    nodes++;
    if (excess == null && nodes > limits.maxNodes()) {
      excess =
          new Excess(
              expr.id(),
              "the expression has more than "
                  + limits.maxNodes()
                  + " nodes (macros such as all() and map() expanded); split it or simplify it");
    }
    if (excess == null && depth > limits.maxDepth()) {
      excess =
          new Excess(
              expr.id(),
              "the expression nests deeper than " + limits.maxDepth() + " levels; flatten it");
    }
    if (excess != null) {
      return new CostEstimate(0, SizeBound.SCALAR); // the first problem is the one reported
    }
    CostEstimate estimate =
        switch (expr.getKind()) {
          case CONSTANT -> new CostEstimate(0, constant(expr.constant()));
          case IDENT -> new CostEstimate(1, bound.getOrDefault(expr.ident().name(), input));
          case SELECT -> {
            CostEstimate operand = walk(expr.select().operand(), bound, depth + 1);
            yield new CostEstimate(
                add(operand.cost(), 1),
                expr.select().testOnly() ? SizeBound.SCALAR : operand.size().element());
          }
          case LIST -> literal(expr, expr.list().elements(), bound, depth, "list");
          case MAP -> {
            List<CelExpr> parts = new java.util.ArrayList<>();
            expr.map()
                .entries()
                .forEach(
                    e -> {
                      parts.add(e.key());
                      parts.add(e.value());
                    });
            CostEstimate both = literal(expr, parts, bound, depth, "map");
            yield new CostEstimate(
                both.cost(), new SizeBound(parts.size() / 2, both.size().declaredElement()));
          }
          case STRUCT -> {
            List<CelExpr> values = expr.struct().entries().stream().map(e -> e.value()).toList();
            yield literal(expr, values, bound, depth, "message");
          }
          case COMPREHENSION -> comprehension(expr.comprehension(), bound, depth);
          case CALL -> call(expr, bound, depth);
          default -> new CostEstimate(1, SizeBound.SCALAR);
        };
    if (excess == null && estimate.size().footprint() > limits.maxEstimatedSize()) {
      excess = new Excess(expr.id(), sizeMessage(estimate.size().footprint(), limits));
    }
    if (excess == null && estimate.cost() > limits.maxEstimatedCost()) {
      excess = new Excess(expr.id(), costMessage(estimate.cost(), limits));
    }
    return estimate;
  }

  private static SizeBound constant(CelConstant constant) {
    return switch (constant.getKind()) {
      case STRING_VALUE -> new SizeBound(constant.stringValue().length(), null);
      case BYTES_VALUE -> new SizeBound(constant.bytesValue().size(), null);
      default -> SizeBound.SCALAR;
    };
  }

  private CostEstimate literal(
      CelExpr expr, List<CelExpr> elements, Map<String, SizeBound> bound, int depth, String what) {
    int entries = "map".equals(what) ? elements.size() / 2 : elements.size();
    if (entries > limits.maxLiteralEntries()) {
      excess =
          new Excess(
              expr.id(),
              "a "
                  + what
                  + " literal of "
                  + entries
                  + " entries; at most "
                  + limits.maxLiteralEntries()
                  + " are allowed");
      return new CostEstimate(0, SizeBound.SCALAR);
    }
    long cost = 1 + entries;
    SizeBound element = null;
    for (CelExpr e : elements) {
      CostEstimate estimate = walk(e, bound, depth + 1);
      cost = add(cost, estimate.cost());
      element = SizeBound.max(element, estimate.size());
    }
    return new CostEstimate(cost, new SizeBound(entries, element));
  }

  private CostEstimate comprehension(
      CelExpr.CelComprehension c, Map<String, SizeBound> bound, int depth) {
    CostEstimate range = walk(c.iterRange(), bound, depth + 1);
    CostEstimate init = walk(c.accuInit(), bound, depth + 1);
    long iterations = range.size().length;
    Map<String, SizeBound> inner = new HashMap<>(bound);
    inner.put(c.iterVar(), range.size().element());
    if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
      inner.put(c.iterVar2(), range.size().element());
    }
    // Each part is walked once (walking a body twice would take exponential time on a nest): the
    // step with the accumulator as it starts shows how much one step grows it, and every step is
    // charged the copying of the accumulator as large as all the steps make it.
    inner.put(c.accuVar(), init.size());
    CostEstimate step = walk(c.loopStep(), inner, depth + 1);
    long growth = step.size().length - init.size().length;
    SizeBound accumulated =
        growth > 0
            ? new SizeBound(
                add(init.size().length, mul(iterations, growth)),
                SizeBound.max(init.size(), step.size()).declaredElement())
            : SizeBound.max(init.size(), step.size());
    inner.put(c.accuVar(), accumulated);
    CostEstimate condition = walk(c.loopCondition(), inner, depth + 1);
    Map<String, SizeBound> after = new HashMap<>(bound);
    after.put(c.accuVar(), accumulated);
    CostEstimate result = walk(c.result(), after, depth + 1);
    long perIteration =
        add(add(condition.cost(), step.cost()), growth > 0 ? accumulated.length / 100 : 0);
    long cost =
        add(add(range.cost(), init.cost()), add(mul(iterations, perIteration), result.cost()));
    return new CostEstimate(cost, result.size());
  }

  private CostEstimate call(CelExpr expr, Map<String, SizeBound> bound, int depth) {
    CelExpr.CelCall call = expr.call();
    List<CostEstimate> args = new java.util.ArrayList<>();
    call.target().ifPresent(t -> args.add(walk(t, bound, depth + 1)));
    for (CelExpr arg : call.args()) {
      args.add(walk(arg, bound, depth + 1));
    }
    boolean scalarResult =
        ast.getType(expr.id())
            .map(
                t ->
                    switch (t.kind()) {
                      case BOOL, INT, UINT, DOUBLE, NULL_TYPE, TIMESTAMP, DURATION, TYPE -> true;
                      default -> false;
                    })
            .orElse(false);
    CelKind containerKind =
        call.args().size() > 1
            ? ast.getType(call.args().get(1).id()).map(t -> t.kind()).orElse(CelKind.DYN)
            : CelKind.DYN;
    return FunctionCosts.of(call.function(), args, scalarResult, containerKind);
  }

  private static String costMessage(long cost, CelLimits limits) {
    return "too expensive: an estimated "
        + amount(cost)
        + " evaluation steps, over the budget of "
        + amount(limits.maxEstimatedCost())
        + " (the estimate takes lists, maps and strings read from"
        + " variables to have "
        + limits.assumedInputSize()
        + " entries or characters). Comprehensions (all, exists,"
        + " exists_one, map, filter) multiply the cost of what they contain: nest fewer of them, iterate over"
        + " shorter lists, or test membership with 'in' instead of a nested comprehension";
  }

  private static String sizeMessage(long size, CelLimits limits) {
    return "may build a value of an estimated "
        + amount(size)
        + " characters or entries, over the limit of "
        + amount(limits.maxEstimatedSize())
        + ". A concatenation in a comprehension (such as v + v in map())"
        + " multiplies a value's size at every level of nesting: concatenate less, or nest fewer comprehensions";
  }
}

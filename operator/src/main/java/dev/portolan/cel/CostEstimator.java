package dev.portolan.cel;

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
 * the evaluation steps, and the size of every value it builds. cel-java 0.14 has no cost
 * estimator (cel-go's), so this one walks the AST with the same idea: every value has an upper
 * bound on its size (characters of a string, entries of a list or map, and the bound of its
 * entries), literals have their own, values read from variables have {@link
 * CelLimits#assumedInputSize()}; a comprehension costs its range's size times its body, so nested
 * comprehensions multiply, and a concatenation adds its operands' sizes, so a value doubled at
 * every level of a nest grows exponentially. Arithmetic saturates at {@link Long#MAX_VALUE}.
 *
 * <p>Also enforced here: the node count, the nesting depth, and the size of list and map literals.
 */
final class CostEstimator {
  /** The bound of a value: its length, and the bound of each of its entries (null for a scalar). */
  private static final class Size {
    final long length;
    private final Size element;
    private final boolean unknown;

    Size(long length, Size element) {
      this(length, element, false);
    }

    private Size(long length, Size element, boolean unknown) {
      this.length = length;
      this.element = element;
      this.unknown = unknown;
    }

    static Size unknown(long assumed) {
      return new Size(assumed, null, true);
    }

    /** The bound of an entry: for a value read from a variable, another such value. */
    Size element() {
      if (unknown) {
        return this;
      }
      return element == null ? this : element;
    }

    /** Characters and entries in all, one level of entries deep for values of unknown shape. */
    long footprint() {
      if (unknown || element == null) {
        return length;
      }
      return mul(Math.max(1, length), Math.max(1, element.footprint()));
    }

    static Size max(Size a, Size b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      if (a.unknown || b.unknown) {
        return unknown(Math.max(a.length, b.length));
      }
      Size element = a.element == null ? b.element : b.element == null ? a.element : max(a.element, b.element);
      return new Size(Math.max(a.length, b.length), element);
    }
  }

  private record Estimate(long cost, Size size) {}

  private static final Size SCALAR = new Size(1, null);

  /** Where a budget was broken first (the deepest node), and how. */
  private record Excess(long id, String message) {}

  private final CelAbstractSyntaxTree ast;
  private final CelLimits limits;
  private final Size input;
  private long nodes;
  private Excess excess;

  private CostEstimator(CelAbstractSyntaxTree ast, CelLimits limits) {
    this.ast = ast;
    this.limits = limits;
    this.input = Size.unknown(limits.assumedInputSize());
  }

  /**
   * Checks a compiled expression against the budgets.
   *
   * @throws ExpressionLimitException naming the budget broken, where, and how to simplify
   */
  static void check(CelAbstractSyntaxTree ast, CelLimits limits) throws ExpressionLimitException {
    CostEstimator estimator = new CostEstimator(ast, limits);
    Estimate total = estimator.walk(ast.getExpr(), Map.of(), 1);
    if (estimator.excess == null && total.cost > limits.maxEstimatedCost()) {
      estimator.excess = new Excess(ast.getExpr().id(), costMessage(total.cost, limits));
    }
    if (estimator.excess != null) {
      throw new ExpressionLimitException(estimator.where(estimator.excess.id) + estimator.excess.message);
    }
  }

  private String where(long id) {
    Integer offset = ast.getSource().getPositionsMap().get(id);
    if (offset == null) {
      return "";
    }
    Optional<CelSourceLocation> location = ast.getSource().getOffsetLocation(offset);
    return location.map(l -> "line " + l.getLine() + ", column " + (l.getColumn() + 1) + ": ").orElse("");
  }

  private Estimate walk(CelExpr expr, Map<String, Size> bound, int depth) {
    nodes++;
    if (excess == null && nodes > limits.maxNodes()) {
      excess = new Excess(expr.id(), "the expression has more than " + limits.maxNodes()
          + " nodes (macros such as all() and map() expanded); split it or simplify it");
    }
    if (excess == null && depth > limits.maxDepth()) {
      excess = new Excess(expr.id(), "the expression nests deeper than " + limits.maxDepth()
          + " levels; flatten it");
    }
    if (excess != null) {
      return new Estimate(0, SCALAR); // the first problem is the one reported
    }
    Estimate estimate = switch (expr.getKind()) {
      case CONSTANT -> new Estimate(0, constant(expr.constant()));
      case IDENT -> new Estimate(1, bound.getOrDefault(expr.ident().name(), input));
      case SELECT -> {
        Estimate operand = walk(expr.select().operand(), bound, depth + 1);
        yield new Estimate(add(operand.cost, 1), expr.select().testOnly() ? SCALAR : operand.size.element());
      }
      case LIST -> literal(expr, expr.list().elements(), bound, depth, "list");
      case MAP -> {
        List<CelExpr> parts = new java.util.ArrayList<>();
        expr.map().entries().forEach(e -> {
          parts.add(e.key());
          parts.add(e.value());
        });
        Estimate both = literal(expr, parts, bound, depth, "map");
        yield new Estimate(both.cost, new Size(parts.size() / 2, both.size.element));
      }
      case STRUCT -> {
        List<CelExpr> values = expr.struct().entries().stream().map(e -> e.value()).toList();
        yield literal(expr, values, bound, depth, "message");
      }
      case COMPREHENSION -> comprehension(expr.comprehension(), bound, depth);
      case CALL -> call(expr, bound, depth);
      default -> new Estimate(1, SCALAR);
    };
    if (excess == null && estimate.size.footprint() > limits.maxEstimatedSize()) {
      excess = new Excess(expr.id(), sizeMessage(estimate.size.footprint(), limits));
    }
    if (excess == null && estimate.cost > limits.maxEstimatedCost()) {
      excess = new Excess(expr.id(), costMessage(estimate.cost, limits));
    }
    return estimate;
  }

  private static Size constant(CelConstant constant) {
    return switch (constant.getKind()) {
      case STRING_VALUE -> new Size(constant.stringValue().length(), null);
      case BYTES_VALUE -> new Size(constant.bytesValue().size(), null);
      default -> SCALAR;
    };
  }

  private Estimate literal(CelExpr expr, List<CelExpr> elements, Map<String, Size> bound, int depth, String what) {
    int entries = "map".equals(what) ? elements.size() / 2 : elements.size();
    if (entries > limits.maxLiteralEntries()) {
      excess = new Excess(expr.id(), "a " + what + " literal of " + entries + " entries; at most "
          + limits.maxLiteralEntries() + " are allowed");
      return new Estimate(0, SCALAR);
    }
    long cost = 1 + entries;
    Size element = null;
    for (CelExpr e : elements) {
      Estimate estimate = walk(e, bound, depth + 1);
      cost = add(cost, estimate.cost);
      element = Size.max(element, estimate.size);
    }
    return new Estimate(cost, new Size(entries, element));
  }

  private Estimate comprehension(CelExpr.CelComprehension c, Map<String, Size> bound, int depth) {
    Estimate range = walk(c.iterRange(), bound, depth + 1);
    Estimate init = walk(c.accuInit(), bound, depth + 1);
    long iterations = range.size.length;
    Map<String, Size> inner = new HashMap<>(bound);
    inner.put(c.iterVar(), range.size.element());
    if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
      inner.put(c.iterVar2(), range.size.element());
    }
    // Each part is walked once (walking a body twice would take exponential time on a nest): the
    // step with the accumulator as it starts shows how much one step grows it, and every step is
    // charged the copying of the accumulator as large as all the steps make it.
    inner.put(c.accuVar(), init.size);
    Estimate step = walk(c.loopStep(), inner, depth + 1);
    long growth = step.size.length - init.size.length;
    Size accumulated = growth > 0
        ? new Size(add(init.size.length, mul(iterations, growth)), Size.max(init.size, step.size).element)
        : Size.max(init.size, step.size);
    inner.put(c.accuVar(), accumulated);
    Estimate condition = walk(c.loopCondition(), inner, depth + 1);
    Map<String, Size> after = new HashMap<>(bound);
    after.put(c.accuVar(), accumulated);
    Estimate result = walk(c.result(), after, depth + 1);
    long perIteration = add(add(condition.cost, step.cost), growth > 0 ? accumulated.length / 100 : 0);
    long cost = add(add(range.cost, init.cost), add(mul(iterations, perIteration), result.cost));
    return new Estimate(cost, result.size);
  }

  private Estimate call(CelExpr expr, Map<String, Size> bound, int depth) {
    CelExpr.CelCall call = expr.call();
    List<Estimate> args = new java.util.ArrayList<>();
    call.target().ifPresent(t -> args.add(walk(t, bound, depth + 1)));
    for (CelExpr arg : call.args()) {
      args.add(walk(arg, bound, depth + 1));
    }
    long cost = 1;
    for (Estimate arg : args) {
      cost = add(cost, arg.cost);
    }
    Size first = args.isEmpty() ? SCALAR : args.get(0).size;
    Size second = args.size() > 1 ? args.get(1).size : SCALAR;
    boolean scalarResult = ast.getType(expr.id()).map(t -> switch (t.kind()) {
      case BOOL, INT, UINT, DOUBLE, NULL_TYPE, TIMESTAMP, DURATION, TYPE -> true;
      default -> false;
    }).orElse(false);
    String function = call.function();
    Size size;
    switch (function) {
      case "_+_" -> {
        if (scalarResult) {
          size = SCALAR;
        } else {
          // Copying is cheap per character; what matters is how large the result may grow.
          size = new Size(add(first.length, second.length), Size.max(first, second).element);
          cost = add(cost, add(first.length, second.length) / 100);
        }
      }
      case "_[_]", "_[?_]", "_?._" -> size = first.element();
      case "_?_:_" -> {
        // Only one branch runs.
        if (args.size() != 3) {
          size = first;
          break;
        }
        cost = add(1, add(args.get(0).cost, Math.max(args.get(1).cost, args.get(2).cost)));
        size = Size.max(second, args.get(2).size);
      }
      case "@in" -> {
        // A scan of a list, a lookup in a map; a value of unknown type is charged a tenth of a scan.
        size = SCALAR;
        CelKind kind = args.size() > 1 ? ast.getType(call.args().get(1).id()).map(t -> t.kind()).orElse(CelKind.DYN)
            : CelKind.DYN;
        cost = add(cost, kind == CelKind.MAP ? 0 : kind == CelKind.LIST ? second.length : second.length / 10);
      }
      case "_==_", "_!=_" -> {
        size = SCALAR;
        cost = add(cost, Math.min(first.footprint(), second.footprint()) / 100);
      }
      case "matches", "contains", "startsWith", "endsWith", "indexOf", "lastIndexOf" -> {
        size = SCALAR;
        cost = add(cost, add(first.length, second.length) / 10);
      }
      case "replace" -> {
        Size replacement = args.size() > 2 ? args.get(2).size : SCALAR;
        size = new Size(add(first.length, mul(add(first.length, 1), replacement.length)), null);
        cost = add(cost, size.length / 10);
      }
      case "join" -> {
        Size separator = args.size() > 1 ? second : new Size(0, null);
        size = new Size(mul(first.length, add(first.element().length, separator.length)), null);
        cost = add(cost, size.length / 10);
      }
      case "split" -> {
        size = new Size(add(first.length, 1), first);
        cost = add(cost, first.length / 10);
      }
      case "quote" -> {
        size = new Size(add(mul(first.length, 6), 2), null);
        cost = add(cost, first.length / 10);
      }
      case "string", "bytes" -> size = first.element == null && !first.unknown && first.length <= 1
          ? new Size(32, null) : new Size(first.length, null);
      default -> {
        if (scalarResult) {
          size = SCALAR;
        } else {
          size = null;
          for (Estimate arg : args) {
            size = Size.max(size, arg.size);
          }
          size = size == null ? SCALAR : size;
        }
        if (!args.isEmpty() && isStringWork(function)) {
          cost = add(cost, first.length / 10);
        }
      }
    }
    return new Estimate(cost, size);
  }

  private static boolean isStringWork(String function) {
    return switch (function) {
      case "lowerAscii", "upperAscii", "trim", "reverse", "substring", "charAt" -> true;
      default -> false;
    };
  }

  private static String costMessage(long cost, CelLimits limits) {
    return "too expensive: an estimated " + amount(cost) + " evaluation steps, over the budget of "
        + amount(limits.maxEstimatedCost()) + " (the estimate takes lists, maps and strings read from"
        + " variables to have " + limits.assumedInputSize() + " entries or characters). Comprehensions (all, exists,"
        + " exists_one, map, filter) multiply the cost of what they contain: nest fewer of them, iterate over"
        + " shorter lists, or test membership with 'in' instead of a nested comprehension";
  }

  private static String sizeMessage(long size, CelLimits limits) {
    return "may build a value of an estimated " + amount(size) + " characters or entries, over the limit of "
        + amount(limits.maxEstimatedSize()) + ". A concatenation in a comprehension (such as v + v in map())"
        + " multiplies a value's size at every level of nesting: concatenate less, or nest fewer comprehensions";
  }

  static String amount(long n) {
    return n == Long.MAX_VALUE ? "more than 9,223,372,036,854,775,807" : String.format(java.util.Locale.ROOT, "%,d", n);
  }

  static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    return Long.MAX_VALUE;
  }
}

package dev.portolan.cel;

import static dev.portolan.cel.Saturating.add;
import static dev.portolan.cel.Saturating.mul;

import dev.cel.common.types.CelKind;
import java.util.List;

/**
 * The cost model of CEL's functions for {@link CostEstimator}: from the estimates of a call's
 * arguments (its target first), what the call costs and how large its result may grow. A call costs
 * one step plus its arguments; string work is charged a tenth of a step per character, copying and
 * comparing a hundredth; a conditional costs only its dearer branch.
 */
final class FunctionCosts {
  private FunctionCosts() {}

  /**
   * @param scalarResult whether the checker typed the call's result as a scalar
   * @param containerKind the checked kind of the call's second argument (what {@code in} scans)
   */
  static CostEstimate of(
      String function, List<CostEstimate> args, boolean scalarResult, CelKind containerKind) {
    long cost = 1;
    for (CostEstimate arg : args) {
      cost = add(cost, arg.cost());
    }
    SizeBound first = args.isEmpty() ? SizeBound.SCALAR : args.get(0).size();
    SizeBound second = args.size() > 1 ? args.get(1).size() : SizeBound.SCALAR;
    SizeBound size;
    switch (function) {
      case "_+_" -> {
        if (scalarResult) {
          size = SizeBound.SCALAR;
        } else {
          // Copying is cheap per character; what matters is how large the result may grow.
          size =
              new SizeBound(
                  add(first.length, second.length), SizeBound.max(first, second).declaredElement());
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
        cost = add(1, add(args.get(0).cost(), Math.max(args.get(1).cost(), args.get(2).cost())));
        size = SizeBound.max(second, args.get(2).size());
      }
      case "@in" -> {
        // A scan of a list, a lookup in a map; a value of unknown type is charged a tenth of a
        // scan.
        size = SizeBound.SCALAR;
        cost =
            add(
                cost,
                containerKind == CelKind.MAP
                    ? 0
                    : containerKind == CelKind.LIST ? second.length : second.length / 10);
      }
      case "_==_", "_!=_" -> {
        size = SizeBound.SCALAR;
        cost = add(cost, Math.min(first.footprint(), second.footprint()) / 100);
      }
      case "matches", "contains", "startsWith", "endsWith", "indexOf", "lastIndexOf" -> {
        size = SizeBound.SCALAR;
        cost = add(cost, add(first.length, second.length) / 10);
      }
      case "replace" -> {
        SizeBound replacement = args.size() > 2 ? args.get(2).size() : SizeBound.SCALAR;
        size =
            new SizeBound(add(first.length, mul(add(first.length, 1), replacement.length)), null);
        cost = add(cost, size.length / 10);
      }
      case "join" -> {
        SizeBound separator = args.size() > 1 ? second : new SizeBound(0, null);
        size =
            new SizeBound(mul(first.length, add(first.element().length, separator.length)), null);
        cost = add(cost, size.length / 10);
      }
      case "split" -> {
        size = new SizeBound(add(first.length, 1), first);
        cost = add(cost, first.length / 10);
      }
      case "quote" -> {
        size = new SizeBound(add(mul(first.length, 6), 2), null);
        cost = add(cost, first.length / 10);
      }
      case "string", "bytes" ->
          size =
              first.isSmallScalar() ? new SizeBound(32, null) : new SizeBound(first.length, null);
      default -> {
        if (scalarResult) {
          size = SizeBound.SCALAR;
        } else {
          size = null;
          for (CostEstimate arg : args) {
            size = SizeBound.max(size, arg.size());
          }
          size = size == null ? SizeBound.SCALAR : size;
        }
        if (!args.isEmpty() && isStringWork(function)) {
          cost = add(cost, first.length / 10);
        }
      }
    }
    return new CostEstimate(cost, size);
  }

  private static boolean isStringWork(String function) {
    return switch (function) {
      case "lowerAscii", "upperAscii", "trim", "reverse", "substring", "charAt" -> true;
      default -> false;
    };
  }
}

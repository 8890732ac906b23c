package dev.portolan.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * The variable fields an expression's result is read from as it is, when its type is dynamic:
 * {@code entity.properties.replicas} is the path {@code [entity, properties, replicas]}, and a
 * conditional has the paths of both branches. Whoever knows the schema behind a variable (the
 * scorecard knows its blueprint) can then tell at compile time that such a result has the wrong
 * type, which CEL alone cannot, every variable being a map of dyn.
 */
final class ResultPaths {
  private ResultPaths() {}

  static List<List<String>> of(CelAbstractSyntaxTree ast) {
    List<List<String>> paths = new ArrayList<>();
    collect(ast.getExpr(), paths, 0);
    return List.copyOf(paths);
  }

  private static void collect(CelExpr expr, List<List<String>> paths, int depth) {
    if (depth > 16) {
      return;
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.CALL) {
      CelExpr.CelCall call = expr.call();
      if (call.function().equals("_?_:_") && call.args().size() == 3) {
        collect(call.args().get(1), paths, depth + 1);
        collect(call.args().get(2), paths, depth + 1);
        return;
      }
      if (call.function().equals("dyn") && call.args().size() == 1) {
        collect(call.args().get(0), paths, depth + 1);
        return;
      }
    }
    List<String> path = path(expr);
    if (path != null) {
      paths.add(List.copyOf(path));
    }
  }

  /** The path of a chain of field selections and constant string indexes on a variable, or null. */
  private static List<String> path(CelExpr expr) {
    switch (expr.getKind()) {
      case IDENT -> {
        List<String> path = new ArrayList<>();
        path.add(expr.ident().name());
        return path;
      }
      case SELECT -> {
        if (expr.select().testOnly()) {
          return null;
        }
        List<String> path = path(expr.select().operand());
        if (path != null) {
          path.add(expr.select().field());
        }
        return path;
      }
      case CALL -> {
        CelExpr.CelCall call = expr.call();
        if (call.function().equals("_[_]") && call.args().size() == 2
            && call.args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && call.args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
          List<String> path = path(call.args().get(0));
          if (path != null) {
            path.add(call.args().get(1).constant().stringValue());
          }
          return path;
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}

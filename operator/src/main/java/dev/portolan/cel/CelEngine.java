package dev.portolan.cel;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles and type-checks CEL expressions for one {@link CelScope}. Every variable is a map of
 * string to dyn, so member access is checked at run time; the result type is checked at compile
 * time where CEL can infer it, and on every value otherwise. Thread-safe.
 */
public final class CelEngine {
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableOptionalSyntax(true)
          .enableHeterogeneousNumericComparisons(true)
          .build();

  private final Map<CelScope, CelCompiler> compilers = new EnumMap<>(CelScope.class);
  private final CelRuntime runtime;

  public CelEngine() {
    for (CelScope scope : CelScope.values()) {
      CelCompilerBuilder builder =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(OPTIONS)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addLibraries(CelExtensions.optional(), CelExtensions.strings());
      scope.variables().forEach(builder::addVar);
      compilers.put(scope, builder.build());
    }
    runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings())
            .build();
  }

  /**
   * Compiles an expression.
   *
   * @throws ExpressionException naming the line and column of each problem, when it does not
   *     parse, reads an unknown variable, or cannot return {@code expected}
   */
  public CompiledExpression compile(String source, CelScope scope, ExpectedType expected)
      throws ExpressionException {
    if (source == null || source.isBlank()) {
      throw new ExpressionException("the expression is empty");
    }
    CelValidationResult result = compilers.get(scope).compile(source);
    if (result.hasError()) {
      throw new ExpressionException(describe(result.getErrors()));
    }
    try {
      var ast = result.getAst();
      if (!expected.admits(ast.getResultType())) {
        throw new ExpressionException(
            "returns "
                + ast.getResultType().name()
                + " but must return "
                + expected.schemaName());
      }
      return new CompiledExpression(source, runtime.createProgram(ast), expected);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new ExpressionException(e.getMessage(), e);
    }
  }

  private static String describe(java.util.List<CelIssue> issues) {
    return issues.stream()
        .map(
            issue -> {
              var location = issue.getSourceLocation();
              if (location.getLine() > 0) {
                return "line "
                    + location.getLine()
                    + ", column "
                    + (location.getColumn() + 1)
                    + ": "
                    + issue.getMessage();
              }
              return issue.getMessage();
            })
        .collect(Collectors.joining("; "));
  }
}

package dev.portolan.cel;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles and type-checks CEL expressions for one {@link CelScope}. Every variable is a map of
 * string to dyn, so member access is checked at run time; the result type is checked at compile
 * time where CEL can infer it, and on every value otherwise. Every expression is held to the {@link
 * CelLimits}: refused at compile time when its estimated cost or size is over budget, stopped at
 * run time when it goes over anyway. Thread-safe.
 */
public final class CelEngine {
  /** The string extensions except replace and join, which {@link BoundedStrings} provides. */
  private static final Set<CelStringExtensions.Function> STRING_FUNCTIONS =
      EnumSet.complementOf(
          EnumSet.of(CelStringExtensions.Function.REPLACE, CelStringExtensions.Function.JOIN));

  private final Map<CelScope, CelCompiler> compilers = new EnumMap<>(CelScope.class);
  private final CelRuntime runtime;
  private final CelLimits limits;

  public CelEngine() {
    this(CelLimits.DEFAULT);
  }

  public CelEngine(CelLimits limits) {
    this.limits = limits;
    CelOptions options =
        CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(limits.maxSourceLength())
            .comprehensionMaxIterations(limits.maxIterations())
            .build();
    for (CelScope scope : CelScope.values()) {
      CelCompilerBuilder builder =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(options)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addLibraries(CelExtensions.optional(), CelExtensions.strings(STRING_FUNCTIONS))
              .addFunctionDeclarations(BoundedStrings.declarations());
      scope.variables().forEach(builder::addVar);
      compilers.put(scope, builder.build());
    }
    runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(options)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings(STRING_FUNCTIONS))
            .addFunctionBindings(BoundedStrings.bindings(limits.maxValueSize()))
            .build();
  }

  public CelLimits limits() {
    return limits;
  }

  /**
   * Compiles an expression.
   *
   * @throws ExpressionException naming the line and column of each problem, when it does not parse,
   *     reads an unknown variable, or cannot return {@code expected}
   * @throws ExpressionLimitException when it is over one of the {@link CelLimits}
   */
  public CompiledExpression compile(String source, CelScope scope, ExpectedType expected)
      throws ExpressionException {
    if (source == null || source.isBlank()) {
      throw new ExpressionException("the expression is empty");
    }
    if (source.length() > limits.maxSourceLength()) {
      throw new ExpressionLimitException(
          "the expression is "
              + Saturating.amount(source.length())
              + " characters long, over the limit of "
              + Saturating.amount(limits.maxSourceLength())
              + "; shorten it");
    }
    CelValidationResult result = compilers.get(scope).compile(source);
    if (result.hasError()) {
      throw new ExpressionException(describe(result.getErrors()));
    }
    try {
      var ast = result.getAst();
      if (!expected.admits(ast.getResultType())) {
        throw new ExpressionException(
            "returns " + ast.getResultType().name() + " but must return " + expected.schemaName());
      }
      CostEstimator.check(ast, limits);
      List<List<String>> resultPaths =
          ast.getResultType().kind() == dev.cel.common.types.CelKind.DYN
              ? ResultPaths.of(ast)
              : List.of();
      return new CompiledExpression(
          source, runtime.createProgram(ast), expected, limits, resultPaths);
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

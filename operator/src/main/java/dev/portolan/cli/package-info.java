/**
 * The jar's command line besides the operator itself: {@code portolan grade} ({@link
 * dev.portolan.cli.GradeCommand}), which grades manifests with {@link
 * dev.portolan.guardrail.WorkloadGrader} without starting the operator, opening a port or, when
 * given the definitions as files, needing a cluster. It sits at the top layer, beside {@code
 * OperatorMain}, which hands it the arguments after {@code grade}.
 */
package dev.portolan.cli;

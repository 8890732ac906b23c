package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The production jar's {@code grade} as a CI step runs it, with no cluster at all: the levels it
 * prints for the example workloads and the exit status {@code --min-level} gives. (The levels equal
 * the live ones: {@code CatalogAcceptanceIT} compares them on the real control plane.)
 */
class GradeJarIT {
  @Test
  void theJarGradesTheExampleWorkloadsWithNoCluster() throws Exception {
    GradeProcess.Result run =
        GradeProcess.run(null, "-f", "examples/60-workloads.yaml", "--blueprints", "examples");
    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    assertThat(run.out().lines().limit(5))
        .containsExactly(
            "OBJECT                                 SCORECARD           LEVEL   FAILING RULES",
            "Deployment team-payments/payments-api  workload-readiness  Gold",
            "Deployment team-payments/ledger        workload-readiness  None    pinned-images,"
                + " requests-and-limits, probes, highly-available",
            "StatefulSet team-checkout/cart-redis   workload-readiness  Bronze  probes,"
                + " highly-available",
            "CronJob team-checkout/nightly-report   workload-readiness  Bronze  requests-and-limits,"
                + " probes, highly-available");
    System.out.printf("grade of examples/60-workloads.yaml took %d ms%n", run.millis());

    GradeProcess.Result gate =
        GradeProcess.run(
            null,
            "-f",
            "examples/60-workloads.yaml",
            "--blueprints",
            "examples",
            "--min-level",
            "Silver",
            "-o",
            "junit");
    assertThat(gate.status()).isEqualTo(1);
    assertThat(gate.out())
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .contains("<testsuites name=\"portolan grade\" tests=\"4\" failures=\"3\" errors=\"0\">");
  }

  @Test
  void withoutBlueprintsOrAClusterItSaysWhatToDo() throws Exception {
    GradeProcess.Result run = GradeProcess.run(null, "-f", "examples/60-workloads.yaml");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "portolan grade: no cluster is configured to read the Blueprints and Scorecards from"
                + " (no $KUBECONFIG, ~/.kube/config or service account): pass --blueprints PATH to"
                + " grade with definitions from files, or set KUBECONFIG\n");
  }
}

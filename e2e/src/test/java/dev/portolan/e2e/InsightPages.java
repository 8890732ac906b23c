package dev.portolan.e2e;

import dev.portolan.e2e.CatalogScaleBenchmark.Wrk;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeStatus;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Issue #17's benchmark, a part of the scale benchmark's run: the history and insights pages of the
 * API and the UI over the scale catalog (at 50,000 entities, 2,000 owners) with a year of seeded
 * history ({@link ScaleCatalog#seedHistory}), as an admin (a ServiceAccount bound to {@code
 * cluster-admin}) calls them: the API with a bearer token, the UI with the sign-in cookie as a
 * browser sends it. For each page: one cold request with {@code curl} (the first to that URL after
 * the operator's restart), one cold request after an entity changed (the counts the views remember
 * per content of the entity cache are made again), then {@code wrk} from a separate process at 16
 * connections and at one, and the body's size. Prints a table and a verdict against the target:
 * under 200 ms for a single request and under 1 MB.
 */
final class InsightPages {
  private static final String API = "http://127.0.0.1:8080";
  private static final double TARGET_MS = 200;
  private static final long TARGET_BYTES = 1_000_000;

  /** A page, who asks for it, and what was measured. */
  private record Page(String path, boolean ui) {}

  private record Row(
      Page page,
      double coldMs,
      double changedMs,
      Wrk.Result sixteen,
      Wrk.Result one,
      long bytes,
      boolean pass) {}

  private InsightPages() {}

  static List<String> paths(ScaleCatalog catalog) {
    String owner = catalog.serviceOwner();
    String initiative = ScaleCatalog.INITIATIVE;
    return List.of(
        "/api/v1/insights",
        "/api/v1/insights/teams/" + owner,
        "/insights",
        "/insights/teams/" + owner,
        "/api/v1/scorecards/" + ScaleCatalog.SCORECARD + "/history",
        "/api/v1/initiatives",
        "/api/v1/initiatives/" + initiative,
        "/api/v1/initiatives/" + initiative + "/history",
        "/initiatives");
  }

  /** Measures every page against the running operator and prints the rows and the verdict. */
  static void measure(
      KubernetesClient admin, Kubectl kubectl, ScaleCatalog catalog, Consumer<String> say)
      throws Exception {
    String token = adminToken(kubectl);
    say.accept("");
    say.accept(
        "Issue #17: history and insights pages, "
            + catalog
            + "; "
            + catalog.teams()
            + " owners; load "
            + CatalogScaleBenchmark.uptime());
    say.accept("  " + awaitSettled(admin, catalog));
    List<Page> pages = new ArrayList<>();
    for (String path : paths(catalog)) {
      pages.add(new Page(path, !path.startsWith("/api/")));
    }
    // Every cold request first, before any wrk warms the pages (earlier rows of the scale
    // benchmark warmed the search and the scorecard, not these).
    List<Double> cold = new ArrayList<>();
    for (Page page : pages) {
      cold.add(curl(page, token, say));
    }
    List<Double> changed = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      touchEntity(admin, i);
      Thread.sleep(3000); // the operator reconciles it and writes its status
      changed.add(curl(pages.get(i), token, say));
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < pages.size(); i++) {
      Page page = pages.get(i);
      List<String> headers = headers(page, token);
      String url = API + page.path();
      Wrk.Result sixteen;
      Wrk.Result one;
      long bytes;
      try {
        Wrk.measure(url, headers, 16, "3s");
        sixteen = Wrk.measure(url, headers, 16, "10s");
        one = Wrk.measure(url, headers, 1, "10s");
        bytes = Wrk.size(url, headers);
      } catch (Exception e) { // one page's failure still leaves the others measured
        say.accept("  " + page.path() + " could not be measured: " + e.getMessage());
        sixteen = new Wrk.Result("?", "?", "?", -1);
        one = sixteen;
        bytes = -1;
      }
      System.out.printf(
          "  ... %s: cold %.1f ms, after a change %.1f ms; 16 conn %s req/s p50 %s p99 %s;"
              + " 1 conn p50 %s p99 %s; %d bytes%n",
          page.path(),
          cold.get(i),
          changed.get(i),
          sixteen.rate(),
          sixteen.p50(),
          sixteen.p99(),
          one.p50(),
          one.p99(),
          bytes);
      boolean pass =
          cold.get(i) < TARGET_MS
              && changed.get(i) < TARGET_MS
              && one.p50Millis() < TARGET_MS
              && one.p99Millis() < TARGET_MS
              && sixteen.non2xx() == 0
              && one.non2xx() == 0
              && bytes >= 0
              && bytes < TARGET_BYTES;
      rows.add(new Row(page, cold.get(i), changed.get(i), sixteen, one, bytes, pass));
    }
    say.accept(
        "  wrk from a separate process, 10 s after a 3 s warm-up at 16 connections (2 threads),"
            + " then 10 s at 1 connection; cold = curl -w time_total of the first request to the"
            + " URL after the restart; after a change = the first request after one entity's"
            + " spec changed (3 s before)");
    say.accept(
        "  | page | as | 16 conn req/s | p50 | p99 | 1 conn p50 | p99 | cold | after a change |"
            + " bytes | < 200 ms, < 1 MB |");
    say.accept("  |---|---|---|---|---|---|---|---|---|---|---|");
    int passed = 0;
    int p50Under = 0;
    int p99Under = 0;
    for (Row row : rows) {
      passed += row.pass() ? 1 : 0;
      p50Under += row.sixteen().p50Millis() < TARGET_MS ? 1 : 0;
      p99Under += row.sixteen().p99Millis() < TARGET_MS ? 1 : 0;
      say.accept(
          String.format(
              "  | `%s` | %s | %s | %s | %s | %s | %s | %.1f ms | %.1f ms | %,d | %s |",
              row.page().path(),
              row.page().ui() ? "UI (cookie)" : "API (bearer)",
              row.sixteen().rate() + nonOk(row.sixteen()),
              row.sixteen().p50(),
              row.sixteen().p99(),
              row.one().p50(),
              row.one().p99() + nonOk(row.one()),
              row.coldMs(),
              row.changedMs(),
              row.bytes(),
              row.pass() ? "PASS" : "FAIL"));
    }
    say.accept(
        String.format(
            "  %s: %d of %d pages answer a single request (cold, after a change, p50 and p99 at 1"
                + " connection) in under 200 ms and in under 1 MB; at 16 connections p50 is under"
                + " 200 ms on %d of %d, p99 on %d of %d",
            passed == rows.size() ? "PASS" : "FAIL",
            passed,
            rows.size(),
            p50Under,
            rows.size(),
            p99Under,
            rows.size()));
    say.accept("  load after the pages: " + CatalogScaleBenchmark.uptime());
  }

  private static String nonOk(Wrk.Result result) {
    return result.non2xx() > 0 ? " (" + result.non2xx() + " non-2xx!)" : "";
  }

  /** The API's caller sends the token as a bearer; a browser sends the UI's sign-in cookie. */
  private static List<String> headers(Page page, String token) {
    return List.of(
        page.ui() ? "Cookie: portolan_token=" + token : "Authorization: Bearer " + token);
  }

  /** One request with curl: its total time in ms; NaN (said why) unless the answer is 200. */
  private static double curl(Page page, String token, Consumer<String> say) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w"));
    command.add("%{http_code} %{time_total}");
    command.add("-H");
    command.add(headers(page, token).get(0));
    command.add(API + page.path());
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes()).trim();
    if (curl.waitFor() != 0 || !out.startsWith("200 ")) {
      say.accept("  " + page.path() + ": curl said " + out);
      return Double.NaN;
    }
    return Double.parseDouble(out.substring(4)) * 1000;
  }

  /**
   * Changes one service's spec without changing its grade (replicas 3 and 4 are both 2 or more): a
   * new content of the entity cache, as any edit in a live catalog makes.
   */
  private static void touchEntity(KubernetesClient admin, int round) {
    admin
        .resources(dev.portolan.model.Entity.class)
        .inNamespace("ns-3")
        .withName("service-63")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"properties\":{\"replicas\":" + (4 - round % 2) + "}}}");
  }

  /**
   * Waits until the restarted operator has counted the initiative over every service and recorded
   * today's points; says what the statuses hold.
   */
  private static String awaitSettled(KubernetesClient admin, ScaleCatalog catalog)
      throws InterruptedException {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      Initiative initiative =
          admin.resources(Initiative.class).withName(ScaleCatalog.INITIATIVE).get();
      Scorecard scorecard = admin.resources(Scorecard.class).withName(ScaleCatalog.SCORECARD).get();
      InitiativeStatus status = initiative.getStatus();
      var history = scorecard.getStatus() == null ? null : scorecard.getStatus().history;
      boolean settled =
          status != null
              && status.covered != null
              && status.covered >= catalog.services()
              && !status.history.isEmpty()
              && today.equals(status.history.get(status.history.size() - 1).date)
              && history != null
              && !history.isEmpty()
              && today.equals(history.get(history.size() - 1).date);
      if (settled) {
        return String.format(
            "initiative %s: %d covered, %d passing, %s (%s); history: %d points in scorecard %s,"
                + " %d in the initiative, %s to %s",
            ScaleCatalog.INITIATIVE,
            status.covered,
            status.passing,
            status.phase,
            status.phaseReason,
            history.size(),
            ScaleCatalog.SCORECARD,
            status.history.size(),
            status.history.get(0).date,
            today);
      }
      if (System.nanoTime() > deadline) {
        return "NOT SETTLED: the initiative and the scorecard did not record today's point within"
            + " 5 minutes: "
            + (status == null ? "no status" : status.covered + " covered")
            + "; measured anyway";
      }
      Thread.sleep(1000);
    }
  }

  /** A token of a ServiceAccount bound to cluster-admin: the portal's admin caller. */
  private static String adminToken(Kubectl kubectl) {
    kubectl.run("create", "serviceaccount", "portal-admin", "-n", "default");
    kubectl.run(
        "create",
        "clusterrolebinding",
        "portal-admin",
        "--clusterrole=cluster-admin",
        "--serviceaccount=default:portal-admin");
    Kubectl.Result token =
        kubectl.run("create", "token", "portal-admin", "-n", "default", "--duration=2h");
    CatalogScaleBenchmark.require(token);
    return token.out().trim();
  }
}

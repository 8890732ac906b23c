package dev.portolan.web.api;

import dev.portolan.web.error.ApiException;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many expensive requests (searches that evaluate a caller's CEL filter) each caller may have
 * in flight at once; one more is refused with 429 and {@code Retry-After}, so that one caller
 * cannot hold every worker and core while the others wait.
 */
public final class ExpensiveRequests {
  /** Seconds a refused caller is told to wait. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final int perCaller;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  public ExpensiveRequests(int perCaller) {
    this.perCaller = perCaller;
  }

  /** One request's hold on its caller's allowance; closing it gives it back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes one of the caller's places.
   *
   * @throws ApiException 429 when the caller already has {@code perCaller} in flight
   */
  public Permit acquire(String caller) {
    boolean[] taken = new boolean[1];
    inFlight.compute(caller, (c, n) -> {
      int now = n == null ? 0 : n;
      taken[0] = now < perCaller;
      return taken[0] ? Integer.valueOf(now + 1) : n; // n, null included: a refused caller adds no entry
    });
    if (!taken[0]) {
      throw new ApiException(429, "TooManyRequests", "you already have " + perCaller + " search"
          + (perCaller == 1 ? "" : "es") + " with a filter expression running; wait for "
          + (perCaller == 1 ? "it" : "one") + " to finish (Retry-After: " + RETRY_AFTER_SECONDS + " s)", "filter");
    }
    boolean[] released = new boolean[1];
    return () -> {
      if (!released[0]) {
        released[0] = true;
        inFlight.computeIfPresent(caller, (c, n) -> n <= 1 ? null : n - 1);
      }
    };
  }

  /** Callers with a request in flight, for tests. */
  int callers() {
    return inFlight.size();
  }
}

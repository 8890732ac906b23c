package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedWorkQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void aKeyAddedTwiceBeforeItIsWorkedIsWorkedOnceAndKeysGoOldestFirst() {
    List<String> worked = new CopyOnWriteArrayList<>();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            1,
            worked::add,
            e -> false,
            Duration.ofMillis(10),
            Duration.ofMillis(10))) {
      queue.add("a");
      queue.add("b");
      queue.add("a");
      queue.start();
      await().atMost(WAIT).until(() -> worked.size() >= 2);
      // Nothing more is coming: a third run would show within this time.
      await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> worked.size() == 2);
      assertThat(worked).containsExactly("a", "b");
    }
  }

  @Test
  void aKeyAddedWhileItIsWorkedIsWorkedOnceMoreAfterAndNeverTwiceAtOnce() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            4,
            key -> {
              most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              inside.countDown();
              try {
                if (runs.incrementAndGet() == 1) {
                  release.await(5, TimeUnit.SECONDS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                concurrent.decrementAndGet();
              }
            },
            e -> false,
            Duration.ofMillis(10),
            Duration.ofMillis(10))) {
      queue.start();
      queue.add("a");
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      queue.add("a");
      queue.add("a");
      release.countDown();
      await().atMost(WAIT).until(() -> runs.get() == 2);
      await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> runs.get() == 2);
      assertThat(most.get()).isEqualTo(1);
    }
  }

  @Test
  void otherKeysAreWorkedWhileOneIsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> done = new CopyOnWriteArrayList<>();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            2,
            key -> {
              if (key.equals("slow")) {
                try {
                  release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              done.add(key);
            },
            e -> false,
            Duration.ofMillis(10),
            Duration.ofMillis(10))) {
      queue.start();
      queue.add("slow");
      queue.add("quick");
      await().atMost(WAIT).until(() -> done.contains("quick"));
      assertThat(done).containsExactly("quick");
      release.countDown();
      await().atMost(WAIT).until(() -> done.size() == 2);
    }
  }

  @Test
  void aRetryableFailureComesBackAfterItsDelayAndOthersAreDropped() {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            1,
            key -> {
              attempts.add(System.nanoTime());
              if (key.equals("flaky") && attempts.size() < 3) {
                throw new IllegalStateException("conflict");
              }
              if (key.equals("broken")) {
                throw new UnsupportedOperationException("never");
              }
            },
            e -> e instanceof IllegalStateException,
            Duration.ofMillis(100),
            Duration.ofMillis(150))) {
      queue.start();
      queue.add("flaky");
      await().atMost(WAIT).until(() -> attempts.size() == 3);
      assertThat(TimeUnit.NANOSECONDS.toMillis(attempts.get(1) - attempts.get(0)))
          .isGreaterThanOrEqualTo(100);
      assertThat(TimeUnit.NANOSECONDS.toMillis(attempts.get(2) - attempts.get(1)))
          .as("doubled, up to the limit")
          .isGreaterThanOrEqualTo(150);

      attempts.clear();
      queue.add("broken");
      await().atMost(WAIT).until(() -> attempts.size() == 1);
      await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> attempts.size() == 1);
    }
  }

  @Test
  void theDelayDoublesFromTheFirstUpToTheLimit() {
    Duration first = Duration.ofSeconds(2);
    Duration max = Duration.ofSeconds(60);
    assertThat(KeyedWorkQueue.retryDelay(first, max, 1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(KeyedWorkQueue.retryDelay(first, max, 2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(KeyedWorkQueue.retryDelay(first, max, 5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(KeyedWorkQueue.retryDelay(first, max, 6)).isEqualTo(max);
    assertThat(KeyedWorkQueue.retryDelay(first, max, 1_000)).isEqualTo(max);
  }

  @Test
  void aSuccessStartsTheDelayAgainFromTheFirst() {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            1,
            key -> {
              int call = calls.incrementAndGet();
              attempts.add(System.nanoTime());
              // fails four times, succeeds; then (added again) fails once more, succeeds
              if (call <= 4 || call == 6) {
                throw new IllegalStateException("conflict");
              }
            },
            e -> e instanceof IllegalStateException,
            Duration.ofMillis(50),
            Duration.ofSeconds(10))) {
      queue.start();
      queue.add("a");
      await().atMost(WAIT).until(() -> calls.get() == 5);
      queue.add("a");
      await().atMost(WAIT).until(() -> calls.get() == 7);
      long afterReset = TimeUnit.NANOSECONDS.toMillis(attempts.get(6) - attempts.get(5));
      assertThat(afterReset).as("back to the first delay, not 800 ms").isBetween(50L, 700L);
    }
  }

  @Test
  void aClosedQueueWorksNothingAndRefusesNothingLoudly() {
    List<String> worked = new CopyOnWriteArrayList<>();
    KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            "test",
            1,
            worked::add,
            e -> false,
            Duration.ofMillis(10),
            Duration.ofMillis(10));
    queue.start();
    queue.close();
    queue.add("a");
    queue.addLater("b", Duration.ofMillis(1));
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(worked::isEmpty);
  }
}

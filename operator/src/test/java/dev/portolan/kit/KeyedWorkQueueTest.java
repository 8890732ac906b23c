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
  @Test
  void aKeyAddedTwiceBeforeItIsWorkedIsWorkedOnceAndKeysGoOldestFirst() throws Exception {
    List<String> worked = new CopyOnWriteArrayList<>();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test", 1, worked::add, e -> false, Duration.ofMillis(10), Duration.ofMillis(10))) {
      queue.add("a");
      queue.add("b");
      queue.add("a");
      queue.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> worked.size() >= 2);
      Thread.sleep(100); // nothing more is coming; a third run would show here
      assertThat(worked).containsExactly("a", "b");
    }
  }

  @Test
  void aKeyAddedWhileItIsWorkedIsWorkedAgainAfterNeverAtOnce() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
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
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
      assertThat(most.get()).isEqualTo(1);
    }
  }

  @Test
  void aRetryableFailureComesBackAfterADelayThatDoublesAndOthersAreDropped() {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    try (KeyedWorkQueue<String> queue =
        new KeyedWorkQueue<>(
            "Test",
            1,
            key -> {
              attempts.add(System.nanoTime());
              if (key.equals("flaky") && attempts.size() < 4) {
                throw new IllegalStateException("conflict");
              }
              if (key.equals("broken")) {
                throw new UnsupportedOperationException("never");
              }
            },
            e -> e instanceof IllegalStateException,
            Duration.ofMillis(100),
            Duration.ofMillis(300))) {
      queue.start();
      queue.add("flaky");
      await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() == 4);
      long first = TimeUnit.NANOSECONDS.toMillis(attempts.get(1) - attempts.get(0));
      long second = TimeUnit.NANOSECONDS.toMillis(attempts.get(2) - attempts.get(1));
      long third = TimeUnit.NANOSECONDS.toMillis(attempts.get(3) - attempts.get(2));
      assertThat(first).isGreaterThanOrEqualTo(100);
      assertThat(second).isGreaterThanOrEqualTo(200);
      assertThat(third).isGreaterThanOrEqualTo(300).isLessThan(2_000); // 400 capped at 300

      attempts.clear();
      queue.add("broken");
      await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() == 1);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> attempts.size() == 1);
    }
  }
}

package dev.portolan.cel;

import java.util.Locale;

/**
 * The arithmetic of the cost and size estimates: sums and products stop at {@link Long#MAX_VALUE}
 * instead of overflowing, and an amount is written for people with that ceiling named.
 */
final class Saturating {
  private Saturating() {}

  static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    return Long.MAX_VALUE;
  }

  /** An amount with thousands separators; the ceiling as "more than" it. */
  static String amount(long n) {
    return n == Long.MAX_VALUE
        ? "more than 9,223,372,036,854,775,807"
        : String.format(Locale.ROOT, "%,d", n);
  }
}

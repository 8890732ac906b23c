package dev.portolan.cel;

import static dev.portolan.cel.Saturating.mul;

/**
 * The upper bound of a value's size that {@link CostEstimator} reasons with: its length (characters
 * of a string, entries of a list or map), and the bound of each of its entries (null for a scalar).
 * A value read from a variable has an unknown shape: its entries are bounded like it.
 */
final class SizeBound {
  static final SizeBound SCALAR = new SizeBound(1, null);

  final long length;
  private final SizeBound element;
  private final boolean unknown;

  SizeBound(long length, SizeBound element) {
    this(length, element, false);
  }

  private SizeBound(long length, SizeBound element, boolean unknown) {
    this.length = length;
    this.element = element;
    this.unknown = unknown;
  }

  /** A value of unknown shape, as read from a variable, assumed to have {@code assumed} entries. */
  static SizeBound unknown(long assumed) {
    return new SizeBound(assumed, null, true);
  }

  /** The bound of an entry: for a value read from a variable, another such value. */
  SizeBound element() {
    if (unknown) {
      return this;
    }
    return element == null ? this : element;
  }

  /** The bound of entries as declared, null for a scalar or a value of unknown shape. */
  SizeBound declaredElement() {
    return element;
  }

  /** Whether this is a scalar literal: no entries and at most one character. */
  boolean isSmallScalar() {
    return element == null && !unknown && length <= 1;
  }

  /** Characters and entries in all, one level of entries deep for values of unknown shape. */
  long footprint() {
    if (unknown || element == null) {
      return length;
    }
    return mul(Math.max(1, length), Math.max(1, element.footprint()));
  }

  /** A bound of both: the larger length, and entries bounded by both. */
  static SizeBound max(SizeBound a, SizeBound b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.unknown || b.unknown) {
      return unknown(Math.max(a.length, b.length));
    }
    SizeBound element =
        a.element == null ? b.element : b.element == null ? a.element : max(a.element, b.element);
    return new SizeBound(Math.max(a.length, b.length), element);
  }
}

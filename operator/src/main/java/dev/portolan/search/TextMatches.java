package dev.portolan.search;

import java.util.LinkedHashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The ids of the documents whose text holds a needle, for the needles searched again: kept true as
 * documents change, so that a repeated text search ({@code q}) is one more set to intersect rather
 * than a read of every candidate's name, title and description.
 *
 * <p>A needle is remembered the second time it is asked for within the last {@link #ASKED} needles:
 * the first ask of a one-off search is answered from its own candidates, which the other filters
 * may have narrowed far more than the text alone. At most {@link #REMEMBERED} needles are kept; the
 * least recently used goes first.
 *
 * <p>The index calls it under its lock: {@link #remembered} and {@link #remember} under the read
 * lock (several searches at once), {@link #changed} under the write lock (no search at all), so a
 * set handed out is never changed while a search reads it.
 */
final class TextMatches {
  static final int REMEMBERED = 64;
  static final int ASKED = 256;

  private final Map<String, RoaringBitmap> remembered = lru(REMEMBERED);
  private final Map<String, Boolean> asked = lru(ASKED);

  /**
   * The ids holding {@code needle}, or null when it is not remembered; then whether it should be
   * ({@link #remember}) is {@link #askedBefore}.
   */
  synchronized RoaringBitmap remembered(String needle) {
    return remembered.get(needle);
  }

  /** Whether the needle was asked for before this ask, which is noted. */
  synchronized boolean askedBefore(String needle) {
    return asked.put(needle, Boolean.TRUE) != null;
  }

  /** Remembers the ids holding {@code needle}, found from the documents as the index holds them. */
  synchronized void remember(String needle, RoaringBitmap ids) {
    remembered.put(needle, ids);
  }

  /** The document under {@code id} changed ({@code document}), or is gone (null). */
  synchronized void changed(int id, SearchDocument document) {
    for (Map.Entry<String, RoaringBitmap> needle : remembered.entrySet()) {
      if (document != null && document.containsText(needle.getKey())) {
        needle.getValue().add(id);
      } else {
        needle.getValue().remove(id);
      }
    }
  }

  /** How many needles are remembered, for tests. */
  synchronized int size() {
    return remembered.size();
  }

  private static <V> Map<String, V> lru(int size) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > size;
      }
    };
  }
}

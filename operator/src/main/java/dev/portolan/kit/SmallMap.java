package dev.portolan.kit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map of a few entries in their order, held as one array of keys and values and looked
 * up by walking it: for the maps of one to {@link #MAX} entries that nearly every cached object is
 * made of, a third of an ordered immutable hash map's size (Guava's holds an entry object and a
 * hash table beside its array). Neither keys nor values may be null.
 */
final class SmallMap<K, V> extends AbstractMap<K, V> {
  /** The most entries a small map holds: beyond it, walking costs more than hashing. */
  static final int MAX = 8;

  /** key0, value0, key1, value1, ... */
  private final Object[] keysAndValues;

  SmallMap(Map<K, V> map) {
    keysAndValues = new Object[map.size() * 2];
    int at = 0;
    for (Map.Entry<K, V> entry : map.entrySet()) {
      keysAndValues[at++] = entry.getKey();
      keysAndValues[at++] = entry.getValue();
    }
  }

  @Override
  public int size() {
    return keysAndValues.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return keysAndValues.length == 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    for (int at = 0; at < keysAndValues.length; at += 2) {
      if (keysAndValues[at].equals(key)) {
        return (V) keysAndValues[at + 1];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<? super K, ? super V> action) {
    for (int at = 0; at < keysAndValues.length; at += 2) {
      action.accept((K) keysAndValues[at], (V) keysAndValues[at + 1]);
    }
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return SmallMap.this.size();
      }

      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int at;

          @Override
          public boolean hasNext() {
            return at < keysAndValues.length;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<K, V> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Map.Entry<K, V> entry =
                new AbstractMap.SimpleImmutableEntry<>(
                    (K) keysAndValues[at], (V) keysAndValues[at + 1]);
            at += 2;
            return entry;
          }
        };
      }
    };
  }
}

package dev.portolan.initiative;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The owners of an initiative's covered entities, bounded: the {@code limit} with the most failing
 * entities (then the most waived, then the most covered, then by name), and the rest summed, so
 * that 2,000 owners make 20 rows and one total rather than a status of thousands.
 */
public final class OwnerProgressList {
  /** How many owners a status lists one by one. */
  public static final int LIMIT = 20;

  /** One owner's counts. */
  public record Owner(String owner, Counts counts) {}

  /**
   * @param others how many owners are summed in {@code othersCounts}
   */
  public record Bounded(List<Owner> top, int others, Counts othersCounts) {}

  private static final Comparator<Owner> MOST_BEHIND_FIRST =
      Comparator.comparingInt((Owner o) -> o.counts().failing())
          .reversed()
          .thenComparing(Comparator.comparingInt((Owner o) -> o.counts().waived()).reversed())
          .thenComparing(Comparator.comparingInt((Owner o) -> o.counts().covered()).reversed())
          .thenComparing(Owner::owner);

  private OwnerProgressList() {}

  public static Bounded of(Map<String, Counts> owners, int limit) {
    List<Owner> all = new ArrayList<>(owners.size());
    owners.forEach((owner, counts) -> all.add(new Owner(owner, counts)));
    all.sort(MOST_BEHIND_FIRST);
    List<Owner> top = List.copyOf(all.subList(0, Math.min(limit, all.size())));
    Counts rest = Counts.NONE;
    for (Owner owner : all.subList(top.size(), all.size())) {
      rest = rest.plus(owner.counts());
    }
    return new Bounded(top, all.size() - top.size(), rest);
  }
}

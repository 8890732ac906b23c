package dev.portolan.automation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of the Action an occurrence starts, {@code <automation name, cut>-<10 hex digits of
 * sha256(occurrence id)>}: the same on every try, so a second create is a 409 and the run starts
 * once. Also the labels and annotations that mark it as the automation's.
 */
public final class RunNames {
  /** The label on every Action an automation starts: the automation's name. */
  public static final String AUTOMATION_LABEL = dev.portolan.catalog.CatalogIndex.AUTOMATION_LABEL;

  /** The annotation that holds the occurrence id. */
  public static final String OCCURRENCE_ANNOTATION = "portolan.dev/occurrence";

  /** The annotation that holds the automation's namespace (a label value cannot hold both). */
  public static final String AUTOMATION_NAMESPACE_ANNOTATION = "portolan.dev/automation-namespace";

  /**
   * How much of the automation's name is kept: with the hash the name stays within 51 characters,
   * which leaves room for what a run derives from it (its Job, its Pods).
   */
  static final int MAX_PREFIX = 40;

  private RunNames() {}

  public static String run(String automation, String occurrenceId) {
    String prefix =
        automation.length() > MAX_PREFIX ? automation.substring(0, MAX_PREFIX) : automation;
    prefix = prefix.replaceAll("[-.]+$", "");
    return prefix + "-" + hash(occurrenceId);
  }

  /** The first 10 hex digits of the SHA-256 of the text. */
  public static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

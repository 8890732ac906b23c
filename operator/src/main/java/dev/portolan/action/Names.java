package dev.portolan.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the objects a run makes, derived from the Action's so that they are the same on every
 * try.
 */
final class Names {
  private Names() {}

  /** {@code name} if it fits in {@code max} characters, else its head and a hash of the whole. */
  static String fit(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String hash = sha256(name).substring(0, 10);
    String head = name.substring(0, max - hash.length() - 1).replaceAll("[-.]+$", "");
    return head + "-" + hash;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

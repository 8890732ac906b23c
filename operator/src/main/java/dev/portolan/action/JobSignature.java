package dev.portolan.action;

import dev.portolan.model.Action;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Marks the Jobs the operator starts so that it follows only those: an HMAC-SHA256 of the Action's
 * uid and the Job's name under a key only the operator holds (the chart keeps it in a Secret).
 * Anyone may copy an owner reference onto a Job of their own; nobody without the key can sign it.
 */
public final class JobSignature {
  public static final String ANNOTATION = "portolan.dev/action-signature";
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;

  private JobSignature(byte[] key) {
    this.key = key.clone();
  }

  /** The key in a file (a mounted Secret); at least 32 bytes. */
  public static JobSignature fromFile(Path file) throws IOException {
    byte[] key = Files.readAllBytes(file);
    if (key.length < 32) {
      throw new IOException(
          file + " holds " + key.length + " bytes; an action signing key needs at least 32");
    }
    return new JobSignature(key);
  }

  /** A key of this process only: Jobs started before a restart are then not recognised. */
  public static JobSignature ephemeral() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new JobSignature(key);
  }

  String sign(Action action, String jobName) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] digest =
          mac.doFinal(
              (action.getMetadata().getUid() + "/" + jobName).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether the Job carries this operator's signature for this Action. */
  boolean signed(Job job, Action action) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String found = annotations == null ? null : annotations.get(ANNOTATION);
    return found != null
        && MessageDigest.isEqual(
            found.getBytes(StandardCharsets.UTF_8),
            sign(action, job.getMetadata().getName()).getBytes(StandardCharsets.UTF_8));
  }
}

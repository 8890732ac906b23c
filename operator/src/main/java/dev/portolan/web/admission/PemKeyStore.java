package dev.portolan.web.admission;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A key store made from the PEM files of a Kubernetes TLS Secret ({@code tls.crt}, {@code tls.key}),
 * as Helm, cert-manager or openssl write them: the key in PKCS#1 or PKCS#8, RSA or EC.
 */
final class PemKeyStore {
  static final char[] PASSWORD = "portolan".toCharArray();
  static final String ALIAS = "webhook";

  private PemKeyStore() {}

  static KeyStore load(Path certificate, Path key) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    for (Object item : read(certificate)) {
      if (item instanceof X509CertificateHolder holder) {
        chain.add(certificates.getCertificate(holder));
      }
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certificate + " holds no PEM certificate");
    }
    PrivateKey privateKey = null;
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    for (Object item : read(key)) {
      if (item instanceof PEMKeyPair pair) {
        privateKey = keys.getKeyPair(pair).getPrivate();
      } else if (item instanceof PrivateKeyInfo info) {
        privateKey = keys.getPrivateKey(info);
      }
    }
    if (privateKey == null) {
      throw new GeneralSecurityException(key + " holds no unencrypted PEM private key");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(ALIAS, privateKey, PASSWORD, chain.toArray(Certificate[]::new));
    return store;
  }

  private static List<Object> read(Path file) throws IOException {
    List<Object> items = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        items.add(item);
      }
    }
    return items;
  }
}

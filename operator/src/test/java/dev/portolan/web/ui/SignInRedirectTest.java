package dev.portolan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the sign-in page sends the browser afterwards ({@code next}): only a path on this portal.
 * Browsers drop tabs and newlines from a URL and read a backslash as a slash, so each of these
 * would otherwise become {@code //evil.example}, another site.
 */
class SignInRedirectTest {
  @ParameterizedTest
  @ValueSource(strings = {"/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\\evil.example",
      "\\\\evil.example", "//evil.example", "///evil.example", "https://evil.example", "javascript:alert(1)",
      "evil.example", "", " /catalog", "/ /evil.example", "/\u0000/evil.example", "/\u007f", "/caf\u00e9",
      "/sign-in", "/sign-out", "http:/evil.example", "/catalog#\u2028"})
  void anythingButAPathOnThisPortalGoesToTheCatalog(String next) {
    assertThat(PortalUi.safeNext(next)).isEqualTo("/catalog");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/catalog", "/catalog?q=ledger&blueprint=service", "/entities/team-payments/ledger",
      "/runs/team-payments/restart-1#log", "/%09/evil.example", "/graph?root=team-payments%2Fledger"})
  void aPathOnThisPortalIsFollowed(String next) {
    assertThat(PortalUi.safeNext(next)).isEqualTo(next);
  }

  @org.junit.jupiter.api.Test
  void noneIsTheCatalog() {
    assertThat(PortalUi.safeNext(null)).isEqualTo("/catalog");
  }
}

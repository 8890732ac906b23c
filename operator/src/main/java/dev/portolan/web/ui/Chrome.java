package dev.portolan.web.ui;

/**
 * What every page's frame needs: which navigation entry is current, whether authentication is off
 * (then every page says so), whether the user signed in with the sign-in page (then it offers
 * sign-out), whether the portal serves actions (then the menu has Actions and Create), and the URLs
 * of the browser libraries.
 */
public record Chrome(
    String section,
    boolean authenticationOff,
    boolean cookieSession,
    boolean actions,
    UiAssets assets) {
  public boolean current(String name) {
    return name.equals(section);
  }
}

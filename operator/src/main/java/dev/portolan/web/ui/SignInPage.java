package dev.portolan.web.ui;

/**
 * The sign-in form; {@code next} is the page to return to, {@code error} why the last token failed.
 */
public record SignInPage(String next, String error) {}

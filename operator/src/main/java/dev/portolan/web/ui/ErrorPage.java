package dev.portolan.web.ui;

/**
 * A page that says what went wrong: the status, a heading, the message, and the parameter
 * concerned.
 */
public record ErrorPage(int status, String heading, String message, String parameter) {}

package dev.portolan.web.error;

/** The JSON body of every error response: what went wrong, and which parameter it concerns. */
public record ApiError(int status, String error, String message, String parameter) {}

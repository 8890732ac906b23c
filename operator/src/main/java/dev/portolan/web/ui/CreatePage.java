package dev.portolan.web.ui;

import java.util.List;

/**
 * The Create page: the golden paths that make something new (definitions of operation {@code
 * Create}, which need no entity to start from), each with its form and the namespace to run in.
 */
public record CreatePage(List<ActionForms.Offer> offers) {}

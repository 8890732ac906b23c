package dev.portolan.model;

/** Constants shared by every kind of the Portolan API. */
public final class Api {
  public static final String GROUP = "portolan.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The label that marks an entity created by discovery. */
  public static final String DISCOVERED_LABEL = GROUP + "/discovered";

  private Api() {}
}

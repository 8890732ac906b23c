package dev.portolan.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An in-memory Kubernetes API server on loopback, with Portolan's CRDs registered. */
public final class EmbeddedCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);

  /** The CRDs as the build generates them into the jar. */
  static final List<String> CRD_RESOURCES =
      List.of(
          "blueprints.portolan.dev-v1.yml",
          "entities.portolan.dev-v1.yml",
          "scorecards.portolan.dev-v1.yml",
          "actiondefinitions.portolan.dev-v1.yml",
          "actions.portolan.dev-v1.yml",
          "relationgrants.portolan.dev-v1.yml",
          "waivers.portolan.dev-v1.yml",
          "initiatives.portolan.dev-v1.yml",
          "automations.portolan.dev-v1.yml");

  /** The mock server logs every request through java.util.logging; keep it to warnings. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /** Starts the server on a free loopback port and registers the CRDs. */
  public static EmbeddedCluster start() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    EmbeddedCluster cluster = new EmbeddedCluster(server, client);
    cluster.registerCrds();
    LOG.info("Embedded Kubernetes API (in memory) listening on {}", client.getMasterUrl());
    return cluster;
  }

  public KubernetesClient client() {
    return client;
  }

  private void registerCrds() {
    for (String name : CRD_RESOURCES) {
      try (InputStream in =
          EmbeddedCluster.class.getResourceAsStream("/META-INF/fabric8/" + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "The CRD " + name + " is missing from the jar; rebuild with mvn package");
        }
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read the CRD " + name, e);
      }
    }
  }

  /** Creates or replaces each resource of a YAML text (several documents allowed), in order. */
  public int apply(String yaml) {
    return apply(
        client
            .load(
                new java.io.ByteArrayInputStream(
                    yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .items());
  }

  /** Creates or replaces each resource, in order; returns the number applied. */
  public int apply(List<HasMetadata> resources) {
    int applied = 0;
    for (HasMetadata resource : resources) {
      try {
        client.resource(resource).createOr(existing -> existing.update());
        applied++;
      } catch (KubernetesClientException e) {
        LOG.warn(
            "Could not apply {} {}: {}",
            resource.getKind(),
            resource.getMetadata().getName(),
            e.getMessage());
      }
    }
    return applied;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

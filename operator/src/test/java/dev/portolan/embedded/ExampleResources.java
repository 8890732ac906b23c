package dev.portolan.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the example resources: from a folder on disk when there is one (so edits show on the next
 * start), otherwise from the copy bundled in the jar. Files are read in name order, as
 * {@code kubectl apply -f examples/} does.
 */
public final class ExampleResources {
  static final String BUNDLED = "portolan/examples";

  private ExampleResources() {}

  public static List<HasMetadata> load(KubernetesClient client, Path folder) throws IOException {
    if (folder != null && Files.isDirectory(folder)) {
      return loadFolder(client, folder);
    }
    URL bundled = ExampleResources.class.getClassLoader().getResource(BUNDLED);
    if (bundled == null) {
      return List.of();
    }
    try {
      URI uri = bundled.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return loadFolder(client, jar.getPath(BUNDLED));
        }
      }
      return loadFolder(client, Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IOException("Cannot read the bundled examples", e);
    }
  }

  /** A description of where the examples come from, for the start-up banner. */
  public static String source(Path folder) {
    return folder != null && Files.isDirectory(folder) ? folder.toAbsolutePath().normalize().toString()
        : "the copy bundled in the jar";
  }

  private static List<HasMetadata> loadFolder(KubernetesClient client, Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    }
    List<HasMetadata> resources = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        resources.addAll(client.load(in).items());
      }
    }
    return resources;
  }
}

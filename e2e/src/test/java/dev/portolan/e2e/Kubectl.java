package dev.portolan.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, run as a user would run it from the repository's root. */
final class Kubectl {
  private final Path binary;
  private final Path kubeconfig;
  private final Path workingDirectory;

  /** What kubectl printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  Kubectl(Path binary, Path kubeconfig, Path workingDirectory) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workingDirectory = workingDirectory;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs kubectl with {@code input} on its standard input (for {@code apply -f -}). */
  Result runWithInput(String input, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Path errors = java.nio.file.Files.createTempFile("kubectl", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectError(errors.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process process = builder.start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      var out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "kubectl " + String.join(" ", args) + " did not finish in 120 s");
      }
      var err = java.nio.file.Files.readAllBytes(errors);
      java.nio.file.Files.deleteIfExists(errors);
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

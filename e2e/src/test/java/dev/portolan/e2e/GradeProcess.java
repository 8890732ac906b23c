package dev.portolan.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar operator/target/portolan-operator.jar grade ...} as a process, from the
 * repository's root, as a CI step would run it: its exit status, output and time.
 */
final class GradeProcess {
  static final Path JAR = ControlPlane.ROOT.resolve("operator/target/portolan-operator.jar");

  record Result(int status, String out, String err, long millis) {}

  private GradeProcess() {}

  /**
   * @param kubeconfig the KUBECONFIG to give it, or null for none (and no ~/.kube/config either)
   */
  static Result run(Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());
    command.add("grade");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ControlPlane.ROOT.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    if (kubeconfig != null) {
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
    } else {
      builder.environment().remove("KUBECONFIG");
      builder.environment().put("HOME", ControlPlane.ROOT.resolve("e2e/target").toString());
    }
    long start = System.nanoTime();
    Process process = builder.start();
    var out = process.getInputStream();
    var err = process.getErrorStream();
    String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("grade did not end within 120 s");
    }
    return new Result(process.exitValue(), stdout, stderr, (System.nanoTime() - start) / 1_000_000);
  }
}

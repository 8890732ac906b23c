package dev.portolan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void flagsOverrideTheEnvironment() {
    Options options =
        Options.parse(
            new String[] {"--port", "9090", "--embedded", "--examples", "/tmp/x"},
            Map.of("PORTOLAN_PORT", "7070", "POD_NAMESPACE", "portolan"));
    assertThat(options.port()).isEqualTo(9090);
    assertThat(options.embedded()).isTrue();
    assertThat(options.examples()).isEqualTo(Path.of("/tmp/x"));
    assertThat(options.leaseNamespace()).isEqualTo("portolan");
    assertThat(options.leaderElection()).isFalse();
  }

  @Test
  void theLeaseIdentityIsThePodsNameAndStaysTheSameAcrossRestarts() {
    assertThat(
            Options.parse(
                    new String[0], Map.of("POD_NAME", "portolan-7d9-abc", "HOSTNAME", "other"))
                .leaseIdentity())
        .isEqualTo("portolan-7d9-abc");
    assertThat(Options.parse(new String[0], Map.of("HOSTNAME", "laptop")).leaseIdentity())
        .isEqualTo("laptop");
    assertThat(
            Options.parse(new String[] {"--lease-identity", "me"}, Map.of("POD_NAME", "p"))
                .leaseIdentity())
        .isEqualTo("me");
    assertThat(Options.parse(new String[0], Map.of()).leaseIdentity()).isNotBlank();
  }

  @Test
  void theShutdownDrainIsSecondsWithinReason() {
    assertThat(Options.parse(new String[0], Map.of()).shutdownDrain()).hasSeconds(5);
    assertThat(Options.parse(new String[] {"--shutdown-drain", "0"}, Map.of()).shutdownDrain())
        .isZero();
    assertThatThrownBy(() -> Options.parse(new String[] {"--shutdown-drain", "5s"}, Map.of()))
        .hasMessage("--shutdown-drain must be a whole number of seconds from 0 to 300, got '5s'");
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--port", "http"}, Map.of()))
        .hasMessage("--port must be a port number from 0 to 65535, got 'http'");
    assertThatThrownBy(() -> Options.parse(new String[] {"--prot"}, Map.of()))
        .hasMessage("unknown flag --prot; see --help");
    assertThatThrownBy(() -> Options.parse(new String[] {"--port"}, Map.of()))
        .hasMessage("--port needs a value; see --help");
  }
}

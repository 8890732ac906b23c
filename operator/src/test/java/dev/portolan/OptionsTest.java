package dev.portolan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void flagsOverrideTheEnvironment() {
    Options options = Options.parse(new String[] {"--port", "9090", "--embedded", "--examples", "/tmp/x"},
        Map.of("PORTOLAN_PORT", "7070", "POD_NAMESPACE", "portolan"));
    assertThat(options.port()).isEqualTo(9090);
    assertThat(options.embedded()).isTrue();
    assertThat(options.examples()).isEqualTo(Path.of("/tmp/x"));
    assertThat(options.leaseNamespace()).isEqualTo("portolan");
    assertThat(options.leaderElection()).isFalse();
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

package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityRefTest {
  @ParameterizedTest
  @CsvSource({
    "ledger, team-payments, team-payments/ledger",
    "platform/billing, team-payments, platform/billing",
    "a.b-c, ns, ns/a.b-c"
  })
  void parsesNamesAndNamespacedNames(String text, String from, String key) {
    assertThat(EntityRef.parse(text, from)).map(EntityRef::key).contains(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Ledger", "a/b/c", "/ledger", "ns/", "with space", "ns_x/a", "-a"})
  void rejectsWhatIsNotAReference(String text) {
    assertThat(EntityRef.parse(text, "ns")).isEmpty();
  }
}

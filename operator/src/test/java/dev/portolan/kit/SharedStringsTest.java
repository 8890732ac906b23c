package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
  private static final KubernetesSerialization SERIALIZATION = SharedStrings.serialization();

  private static Entity read(String name) {
    return SERIALIZATION.unmarshal(
        "{\"apiVersion\":\"portolan.dev/v1alpha1\",\"kind\":\"Entity\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"team-a\",\"uid\":\"5f0c2d1e-0000-4000-8000-000000000001\","
            + "\"resourceVersion\":\"4711\",\"finalizers\":[\"portolan.dev/cleanup\"],\"labels\":{\"tier\":\"web\"}},\"spec\":{\"blueprint\":"
            + "\"service\",\"owner\":\"payments\",\"description\":\""
            + "x".repeat(SharedStrings.MAX_LENGTH + 1)
            + "\",\"properties\":{\"language\":\"java\"},\"relations\":{\"dependsOn\":[\"db\"]}},"
            + "\"status\":{\"scorecards\":{\"readiness\":{\"level\":\"Gold\",\"rules\":[{\"name\":"
            + "\"has-owner\",\"level\":\"Bronze\",\"passed\":true}]}}}}",
        Entity.class);
  }

  @Test
  void shortStringsAreReadOnceAndTheObjectIsTheSame() {
    Entity a = read("a");
    Entity b = read("b");
    assertThat(a.getSpec().owner).isSameAs(b.getSpec().owner).isEqualTo("payments");
    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    assertThat(a.getMetadata().getLabels().get("tier"))
        .isSameAs(b.getMetadata().getLabels().get("tier"));
    assertThat(a.getSpec().properties.get("language").textValue())
        .isSameAs(b.getSpec().properties.get("language").textValue())
        .isEqualTo("java");
    assertThat(a.getSpec().relations.get("dependsOn").get(0).textValue())
        .isSameAs(b.getSpec().relations.get("dependsOn").get(0).textValue());
    assertThat(a.getStatus().scorecards.get("readiness").rules.get(0).name)
        .isSameAs(b.getStatus().scorecards.get("readiness").rules.get(0).name);
    assertThat(a.getSpec().description)
        .as("long texts are kept as read")
        .isNotSameAs(b.getSpec().description);
    assertThat(a.getSpec().description).isEqualTo(b.getSpec().description);
    assertThat(a.getMetadata().getUid())
        .as("what is one object's own is not shared")
        .isNotSameAs(b.getMetadata().getUid())
        .isEqualTo(b.getMetadata().getUid());
    assertThat(a.getMetadata().getResourceVersion())
        .isNotSameAs(b.getMetadata().getResourceVersion());
    assertThat(a.getMetadata().getFinalizers())
        .as("strings in a list of a typed field")
        .containsExactly("portolan.dev/cleanup");
    assertThat(a.getMetadata().getFinalizers().get(0))
        .isSameAs(b.getMetadata().getFinalizers().get(0));
    // Nothing else changes: the object reads back as it was written.
    String json = SERIALIZATION.asJson(a);
    assertThat(SERIALIZATION.asJson(SERIALIZATION.unmarshal(json, Entity.class))).isEqualTo(json);
    assertThat(json).isEqualTo(new KubernetesSerialization().asJson(a));
    assertThat(a.getMetadata().getName()).isEqualTo("a");
  }
}

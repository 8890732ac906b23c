package dev.portolan.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.cel.CelEngine;
import dev.portolan.model.ActionDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ActionDefinitionCompilerTest {
  private final ActionDefinitionCompiler compiler = new ActionDefinitionCompiler(new CelEngine());

  static ActionDefinition definition(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: ActionDefinition
        metadata: {name: %s, uid: u1, generation: 1}
        spec: {blueprint: service, operation: DAY-2}
        """
            .formatted(name),
        ActionDefinition.class);
  }

  @Test
  void compilesOncePerGenerationAndAfreshOnceTheIndexSawItDeleted() {
    ActionDefinition restart = definition("restart");
    CompiledActionDefinition first = compiler.compile(restart);
    assertThat(compiler.compile(restart)).isSameAs(first);
    compiler.actionDefinitionChanged(null, restart);
    assertThat(compiler.compile(restart)).as("kept when added").isSameAs(first);
    compiler.actionDefinitionChanged(restart, null);
    assertThat(compiler.compile(restart)).as("forgotten once deleted").isNotSameAs(first);
  }
}

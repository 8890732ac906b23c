package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Blueprint;
import org.junit.jupiter.api.Test;

class BlueprintCompilerTest {
  private final BlueprintCompiler compiler = new BlueprintCompiler(new CelEngine());
  private final Blueprint service =
      Fixtures.blueprint("metadata: {name: service, uid: u1}\nspec: {}\n");

  @Test
  void compilesOncePerGenerationAndAfreshOnceTheIndexSawItDeleted() {
    CompiledBlueprint first = compiler.compile(service);
    assertThat(compiler.compile(service)).isSameAs(first);
    compiler.blueprintChanged(service, service);
    assertThat(compiler.compile(service)).as("kept across an update").isSameAs(first);
    compiler.blueprintChanged(service, null);
    assertThat(compiler.compile(service)).as("forgotten once deleted").isNotSameAs(first);
  }
}

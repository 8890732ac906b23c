package dev.portolan.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.CelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionCostsTest {
  private static CostEstimate string(long cost, long length) {
    return new CostEstimate(cost, new SizeBound(length, null));
  }

  @Test
  void aConcatenationAddsTheSizesOfItsOperands() {
    CostEstimate sum =
        FunctionCosts.of("_+_", List.of(string(1, 300), string(2, 500)), false, CelKind.DYN);
    assertThat(sum.size().length).isEqualTo(800);
    assertThat(sum.cost()).isEqualTo(1 + 1 + 2 + 8);
  }

  @Test
  void aConditionalCostsOnlyItsDearerBranch() {
    CostEstimate chosen =
        FunctionCosts.of(
            "_?_:_", List.of(string(1, 1), string(10, 4), string(50, 2)), false, CelKind.DYN);
    assertThat(chosen.cost()).isEqualTo(1 + 1 + 50);
    assertThat(chosen.size().length).isEqualTo(4);
  }

  @Test
  void membershipScansAListButLooksUpAMap() {
    List<CostEstimate> args =
        List.of(string(0, 1), new CostEstimate(0, new SizeBound(1_000, SizeBound.SCALAR)));
    assertThat(FunctionCosts.of("@in", args, true, CelKind.LIST).cost()).isEqualTo(1_001);
    assertThat(FunctionCosts.of("@in", args, true, CelKind.MAP).cost()).isEqualTo(1);
    assertThat(FunctionCosts.of("@in", args, true, CelKind.DYN).cost()).isEqualTo(101);
  }

  @Test
  void aFunctionWithAScalarResultBuildsNothingLarge() {
    CostEstimate size = FunctionCosts.of("size", List.of(string(3, 10_000)), true, CelKind.DYN);
    assertThat(size.size()).isSameAs(SizeBound.SCALAR);
    assertThat(size.cost()).isEqualTo(4);
  }
}

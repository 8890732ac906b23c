package dev.portolan.kit;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.util.Map;

/** What the Operator SDK knows of its controllers' informers for their primary resources. */
public final class PrimaryCaches {
  private PrimaryCaches() {}

  /** Whether every registered controller's informer of its primaries has listed them all. */
  public static boolean synced(Operator operator) {
    var controllers = operator.getRegisteredControllers();
    return !controllers.isEmpty() && controllers.stream().allMatch(PrimaryCaches::synced);
  }

  static boolean synced(RegisteredController<?> controller) {
    var source =
        controller
            .getControllerHealthInfo()
            .eventSourceHealthIndicators()
            .get(ControllerEventSource.NAME);
    if (!(source instanceof InformerWrappingEventSourceHealthIndicator<?> informers)) {
      return false;
    }
    Map<String, InformerHealthIndicator> each = informers.informerHealthIndicators();
    return !each.isEmpty() && each.values().stream().allMatch(InformerHealthIndicator::hasSynced);
  }
}

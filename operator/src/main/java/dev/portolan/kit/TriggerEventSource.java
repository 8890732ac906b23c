package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/** An event source that reconciles a primary whenever something outside Kubernetes says so. */
public class TriggerEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P> {
  public TriggerEventSource(String name) {
    super(Void.class, name);
  }

  /** Asks for a reconcile of one primary; ignored until the controller has started. */
  public void trigger(ResourceID id) {
    if (isRunning() && getEventHandler() != null) {
      getEventHandler().handleEvent(new Event(id));
    }
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}

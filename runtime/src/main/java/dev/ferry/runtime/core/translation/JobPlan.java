package dev.ferry.runtime.core.translation;

import dev.ferry.runtime.core.dispatch.DispatcherSpec;
import java.io.Serializable;
import java.util.List;

/** What a Ferry job is made of, ready to become a Flink topology. */
public record JobPlan(
        List<IngressPlan> ingresses, DispatcherSpec dispatcher, List<EgressPlan> egresses)
        implements Serializable {

    public JobPlan {
        ingresses = List.copyOf(ingresses);
        egresses = List.copyOf(egresses);
    }
}

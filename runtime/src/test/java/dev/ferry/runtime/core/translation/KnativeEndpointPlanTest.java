package dev.ferry.runtime.core.translation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.runtime.module.KnativeEndpointSpec;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Knative endpoint reaches the HTTP invoker with its Host header and cold-start budget. */
class KnativeEndpointPlanTest {

    @Test
    void theColdStartBudgetAndHostTemplateReachTheInvoker() {
        HttpEndpointConfig config =
                ModulePlanner.httpConfig(
                        knative(
                                """
                                kind: ferry.endpoints.v1/knative
                                spec:
                                  functions: shop/*
                                  urlPathTemplate: http://kourier/{function.name}
                                  hostTemplate: "{function.name}.shop.example.com"
                                  coldStartBudget: 45s
                                """));

        assertThat(config.coldStartBudget()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.hostHeaderTemplate()).isEqualTo("{function.name}.shop.example.com");
    }

    @Test
    void theBudgetDefaultsTo30Seconds() {
        HttpEndpointConfig config =
                ModulePlanner.httpConfig(
                        knative(
                                """
                                kind: ferry.endpoints.v1/knative
                                spec:
                                  functions: shop/*
                                  urlPathTemplate: http://kourier/{function.name}
                                """));

        assertThat(config.coldStartBudget())
                .isEqualTo(KnativeEndpointSpec.DEFAULT_COLD_START_BUDGET);
    }

    private static KnativeEndpointSpec knative(String yaml) {
        Module module = ModuleLoader.loadString("knative.yaml", yaml);
        return (KnativeEndpointSpec) module.endpoints().get(0);
    }
}

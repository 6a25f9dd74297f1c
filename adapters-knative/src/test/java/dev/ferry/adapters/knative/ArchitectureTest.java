package dev.ferry.adapters.knative;

import dev.ferry.protocol.testing.Layers;
import org.junit.jupiter.api.Test;

/** The Knative adapter: the protocol and its HTTP server (Vert.x, on Netty) only. */
class ArchitectureTest {
    @Test
    void usesOnlyTheProtocolAndItsPlatform() {
        Layers.adapterUsesOnlyProtocolAndPlatform(
                        "dev.ferry.adapters.knative", "io.vertx..", "io.netty..")
                .check(Layers.mainClassesOf("dev.ferry.adapters.knative"));
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.adapters.knative")
                .check(Layers.mainClassesOf("dev.ferry.adapters.knative"));
    }
}

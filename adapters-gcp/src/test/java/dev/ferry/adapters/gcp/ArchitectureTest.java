package dev.ferry.adapters.gcp;

import dev.ferry.protocol.testing.Layers;
import org.junit.jupiter.api.Test;

/** The Cloud Functions adapter: the protocol and the Functions Framework API only. */
class ArchitectureTest {
    @Test
    void usesOnlyTheProtocolAndItsPlatform() {
        Layers.adapterUsesOnlyProtocolAndPlatform(
                        "dev.ferry.adapters.gcp", "com.google.cloud.functions..")
                .check(Layers.mainClassesOf("dev.ferry.adapters.gcp"));
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.adapters.gcp")
                .check(Layers.mainClassesOf("dev.ferry.adapters.gcp"));
    }
}

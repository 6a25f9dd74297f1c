package dev.ferry.adapters.aws;

import dev.ferry.protocol.testing.Layers;
import org.junit.jupiter.api.Test;

/** The Lambda adapter loads in a cold start: the protocol, Lambda's core API and CRaC only. */
class ArchitectureTest {
    @Test
    void usesOnlyTheProtocolAndItsPlatform() {
        Layers.adapterUsesOnlyProtocolAndPlatform(
                        "dev.ferry.adapters.aws",
                        "com.amazonaws.services.lambda.runtime..",
                        "org.crac..")
                .check(Layers.mainClassesOf("dev.ferry.adapters.aws"));
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.adapters.aws")
                .check(Layers.mainClassesOf("dev.ferry.adapters.aws"));
    }
}

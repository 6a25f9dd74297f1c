package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.SoakFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The soak's module, as a user writes one: the functions behind a StateFun HTTP endpoint whose
 * attempts time out after 2 s, a Kafka ingress with one topic per workload, and an exactly-once
 * Kafka egress.
 */
final class SoakModule {
    static final String COUNTER_TOPIC = "soak-counter-in";
    static final String CHAIN_TOPIC = "soak-chain-in";

    private SoakModule() {}

    static Path write(Path file, String functionsUrl, String kafka) throws IOException {
        String yaml =
                """
                kind: io.statefun.endpoints.v2/http
                spec:
                  functions: soak/*
                  urlPathTemplate: %1$s
                  transport:
                    type: io.statefun.transports.v1/okhttp
                    timeouts:
                      call: 1min
                      read: 2s
                ---
                kind: io.statefun.kafka.v1/ingress
                spec:
                  id: soak/in
                  address: %2$s
                  consumerGroupId: ferry-soak
                  startupPosition:
                    type: earliest
                  topics:
                    - topic: %3$s
                      valueType: io.statefun.types/long
                      targets:
                        - %5$s
                    - topic: %4$s
                      valueType: io.statefun.types/long
                      targets:
                        - %6$s
                ---
                kind: io.statefun.kafka.v1/egress
                spec:
                  id: %7$s
                  address: %2$s
                  deliverySemantic:
                    type: exactly-once
                    transactionTimeout: 1min
                """
                        .formatted(
                                functionsUrl,
                                kafka,
                                COUNTER_TOPIC,
                                CHAIN_TOPIC,
                                SoakFunctions.COUNTER.asTypeNameString(),
                                SoakFunctions.CHAIN_A.asTypeNameString(),
                                SoakFunctions.EGRESS.asTypeNameString());
        return Files.writeString(file, yaml);
    }
}

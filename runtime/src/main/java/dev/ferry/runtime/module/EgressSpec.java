package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;

/** A destination functions send records to, by its id. */
public sealed interface EgressSpec extends Serializable
        permits KafkaEgressSpec, KinesisEgressSpec, PrintEgressSpec, PlaygroundEgressSpec {

    String kind();

    TypeName id();
}

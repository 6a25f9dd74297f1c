package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;

/** A source of messages for functions. */
public sealed interface IngressSpec extends Serializable
        permits KafkaIngressSpec,
                KinesisIngressSpec,
                GeneratorIngressSpec,
                PlaygroundIngressSpec,
                HttpIngressSpec {

    String kind();

    TypeName id();

    /** What the ingress does with records it cannot route; connectors without the keys fail. */
    default BadRecordPolicy badRecords() {
        return BadRecordPolicy.fail();
    }
}

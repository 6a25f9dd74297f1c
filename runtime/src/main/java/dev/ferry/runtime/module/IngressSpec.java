package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.io.Serializable;

/** A source of messages for functions. */
public sealed interface IngressSpec extends Serializable
        permits KafkaIngressSpec, KinesisIngressSpec, GeneratorIngressSpec {

    String kind();

    TypeName id();
}

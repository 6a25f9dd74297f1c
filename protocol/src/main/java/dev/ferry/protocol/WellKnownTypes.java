package dev.ferry.protocol;

/** Type names with a fixed meaning in the StateFun protocol. */
public final class WellKnownTypes {
    public static final String BOOLEAN = "io.statefun.types/bool";
    public static final String INT = "io.statefun.types/int";
    public static final String FLOAT = "io.statefun.types/float";
    public static final String LONG = "io.statefun.types/long";
    public static final String DOUBLE = "io.statefun.types/double";
    public static final String STRING = "io.statefun.types/string";

    /** The type the runtime records for a state registered without one (old SDKs). */
    public static final String UNSET = "io.statefun.types/unset";

    /** The prefix of protobuf message types, followed by the message's full name. */
    public static final String PROTOBUF_PREFIX = "type.googleapis.com/";

    public static final String KAFKA_PRODUCER_RECORD =
            PROTOBUF_PREFIX + "io.statefun.sdk.egress.KafkaProducerRecord";
    public static final String KINESIS_EGRESS_RECORD =
            PROTOBUF_PREFIX + "io.statefun.sdk.egress.KinesisEgressRecord";

    private WellKnownTypes() {}
}

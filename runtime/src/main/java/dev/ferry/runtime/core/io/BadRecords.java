package dev.ferry.runtime.core.io;

import com.google.gson.JsonObject;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import dev.ferry.runtime.module.BadRecordPolicy;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * Records an ingress cannot turn into messages: one without a key, one whose value does not decode
 * as its declared primitive type, one routed to a function type no endpoint serves. Per ingress
 * they either fail the job or become dead letters.
 *
 * <p>A dead letter is an {@link EgressRecord} of type {@value DeadLetterTypes#BAD_RECORD} whose
 * value is UTF-8 JSON: {@code {"ingress", <origin fields>, "reason", "key", "value"}}, with key and
 * value in base64 (no key when the record had none). The origin fields come from the connector, in
 * order: Kafka gives {@code topic}, {@code partition}, {@code offset}.
 *
 * <p>Routers emit dead letters to the side output {@link #OUTPUT}; the topology sends that side
 * output into the dead-letter egress together with what functions send it.
 */
public final class BadRecords {
    /** Where routers emit dead letters. */
    public static final OutputTag<EgressRecord> OUTPUT =
            new OutputTag<>("ferry-bad-records", SingletonTypeInfo.EGRESS_RECORD);

    private BadRecords() {}

    /**
     * Why {@code value} is not a valid {@code valueType}, or null when it is (or when the type is
     * not one of the {@code io.statefun.types} primitives, whose bytes are opaque).
     */
    @Nullable
    public static String check(String valueType, byte[] value) {
        try {
            switch (valueType) {
                case WellKnownTypes.INT -> PrimitiveCodecs.decodeInt(value);
                case WellKnownTypes.LONG -> PrimitiveCodecs.decodeLong(value);
                case WellKnownTypes.FLOAT -> PrimitiveCodecs.decodeFloat(value);
                case WellKnownTypes.DOUBLE -> PrimitiveCodecs.decodeDouble(value);
                case WellKnownTypes.BOOLEAN -> PrimitiveCodecs.decodeBoolean(value);
                case WellKnownTypes.STRING -> PrimitiveCodecs.decodeString(value);
                default -> {
                    return null;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "the value is not a valid " + valueType + " (" + e.getMessage() + ")";
        }
    }

    /** The dead letter of one bad record. */
    public static EgressRecord deadLetter(
            TypeName egress,
            TypeName ingress,
            Map<String, Object> origin,
            String reason,
            @Nullable byte[] key,
            @Nullable byte[] value) {
        JsonObject letter = new JsonObject();
        letter.addProperty("ingress", ingress.asString());
        origin.forEach(
                (name, field) -> {
                    if (field instanceof Number number) {
                        letter.addProperty(name, number);
                    } else {
                        letter.addProperty(name, String.valueOf(field));
                    }
                });
        letter.addProperty("reason", reason);
        if (key != null) {
            letter.addProperty("key", Base64.getEncoder().encodeToString(key));
        }
        letter.addProperty(
                "value", value == null ? null : Base64.getEncoder().encodeToString(value));
        return new EgressRecord(
                egress,
                DeadLetterTypes.BAD_RECORD,
                letter.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The origin fields of a Kafka record. */
    public static Map<String, Object> kafkaOrigin(String topic, int partition, long offset) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("topic", topic);
        origin.put("partition", partition);
        origin.put("offset", offset);
        return origin;
    }

    /** Applies an ingress's {@link BadRecordPolicy} inside its router. */
    public static final class Handler implements Serializable {
        private static final long serialVersionUID = 1L;

        private final TypeName ingress;
        private final BadRecordPolicy policy;
        private transient Counter records;
        private transient Counter rejected;

        public Handler(TypeName ingress, BadRecordPolicy policy) {
            this.ingress = ingress;
            this.policy = policy;
        }

        /**
         * Registers the ingress's metrics in the router's group: {@code ingress=<id>} with {@code
         * records} (every record the router received) and {@code badRecords}.
         */
        public void open(MetricGroup router) {
            MetricGroup metrics = router.addGroup("ingress", ingress.asString());
            records = metrics.counter("records");
            rejected = metrics.counter("badRecords");
        }

        /** A record reached the router. */
        public void received() {
            if (records != null) {
                records.inc();
            }
        }

        /**
         * Dead-letters the record, or fails the job without restarts (a restart would meet the same
         * record again).
         */
        public void reject(
                ProcessFunction<?, ?>.Context context,
                Map<String, Object> origin,
                String reason,
                @Nullable byte[] key,
                @Nullable byte[] value) {
            if (rejected != null) {
                rejected.inc();
            }
            if (policy.onBadRecord() == BadRecordPolicy.Action.DEAD_LETTER) {
                context.output(
                        OUTPUT,
                        deadLetter(policy.deadLetterEgress(), ingress, origin, reason, key, value));
                return;
            }
            throw new SuppressRestartsException(
                    new IllegalStateException(
                            "ingress "
                                    + ingress
                                    + " cannot route the record at "
                                    + origin
                                    + ": "
                                    + reason
                                    + ". Fix the producer, or set onBadRecord: dead-letter and"
                                    + " deadLetterEgress on the ingress to set such records aside"));
        }
    }
}

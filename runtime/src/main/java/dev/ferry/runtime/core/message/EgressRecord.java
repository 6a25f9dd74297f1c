package dev.ferry.runtime.core.message;

import dev.ferry.protocol.TypeName;
import java.util.Arrays;
import java.util.Objects;

/**
 * A value a function sent to an egress, on its way to that egress's sink. For the Kafka and Kinesis
 * egresses the value is a serialized {@code KafkaProducerRecord} / {@code KinesisEgressRecord} and
 * the type name says which.
 */
public record EgressRecord(TypeName egressId, String typename, byte[] value) {

    public EgressRecord {
        Objects.requireNonNull(egressId, "egressId");
        Objects.requireNonNull(typename, "typename");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EgressRecord other
                && egressId.equals(other.egressId)
                && typename.equals(other.typename)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(egressId, typename) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "EgressRecord{egress="
                + egressId
                + ", type="
                + typename
                + ", "
                + value.length
                + " bytes}";
    }
}

package dev.ferry.runtime.core.io.kinesis;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.KinesisEgressRecord;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import java.util.Arrays;
import javax.annotation.Nullable;

/**
 * What a Kinesis egress writes for a record: the {@code KinesisEgressRecord} a function sent, or a
 * dead letter addressed to the egress's dead-letter stream. Anything else is an error naming the
 * egress and what is wrong.
 */
final class EgressRecordDecoder {
    private final TypeName egressId;
    @Nullable private final String deadLetterStream;

    EgressRecordDecoder(TypeName egressId, @Nullable String deadLetterStream) {
        this.egressId = egressId;
        this.deadLetterStream = deadLetterStream;
    }

    KinesisEgressRecord decode(EgressRecord element) {
        if (DeadLetterTypes.isDeadLetter(element.typename())) {
            return deadLetter(element);
        }
        if (!WellKnownTypes.KINESIS_EGRESS_RECORD.equals(element.typename())) {
            throw new IllegalStateException(
                    "Kinesis egress "
                            + egressId
                            + " received a value of type "
                            + element.typename()
                            + "; it takes only "
                            + WellKnownTypes.KINESIS_EGRESS_RECORD
                            + " (KinesisEgressMessage in the SDKs)");
        }
        KinesisEgressRecord record;
        try {
            record = KinesisEgressRecord.parseFrom(element.value());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "Kinesis egress "
                            + egressId
                            + " received a KinesisEgressRecord that does not parse: "
                            + e.getMessage(),
                    e);
        }
        if (record.getStream().isEmpty()) {
            throw new IllegalStateException(
                    "Kinesis egress " + egressId + " received a record without a stream");
        }
        if (record.getPartitionKey().isEmpty()) {
            throw new IllegalStateException(
                    "Kinesis egress "
                            + egressId
                            + " received a record for stream "
                            + record.getStream()
                            + " without a partition key");
        }
        return record;
    }

    /** A dead letter as JSON on the dead-letter stream, spread over shards by its content. */
    private KinesisEgressRecord deadLetter(EgressRecord element) {
        if (deadLetterStream == null) {
            throw new IllegalStateException(
                    "Kinesis egress "
                            + egressId
                            + " received a dead letter ("
                            + element.typename()
                            + ") but has no deadLetterStream to write it to; set deadLetterStream"
                            + " on the egress");
        }
        return KinesisEgressRecord.newBuilder()
                .setStream(deadLetterStream)
                .setPartitionKey(Integer.toHexString(Arrays.hashCode(element.value())))
                .setValueBytes(ByteString.copyFrom(element.value()))
                .build();
    }
}

package dev.ferry.runtime.core.io.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The records functions send the playground egress. */
class PlaygroundEgressRecordTest {
    private static final TypeName EGRESS = TypeName.parse("io.statefun.playground/egress");

    private static EgressRecord record(String type, String json) {
        return new EgressRecord(EGRESS, type, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTopicAndPayload() {
        assertThat(
                        PlaygroundEgressRecord.decode(
                                record(
                                        "io.statefun.playground/EgressRecord",
                                        "{\"topic\": \"receipts\", \"payload\": \"socks: 3\"}")))
                .isEqualTo(new PlaygroundEgressRecord("receipts", "socks: 3"));
    }

    @Test
    void aNumberPayloadIsItsText() {
        assertThat(
                        PlaygroundEgressRecord.decode(
                                        record(
                                                "io.statefun.playground/EgressRecord",
                                                "{\"topic\": \"t\", \"payload\": 42}"))
                                .payload())
                .isEqualTo("42");
    }

    @Test
    void anotherTypeIsRefusedWithTheTypeItTakes() {
        assertThatThrownBy(
                        () ->
                                PlaygroundEgressRecord.decode(
                                        record("io.statefun.types/string", "hello")))
                .hasMessageContaining("io.statefun.types/string")
                .hasMessageContaining("it takes io.statefun.playground/EgressRecord");
    }

    @Test
    void aRecordWithoutPayloadOrNotJsonIsRefused() {
        assertThatThrownBy(
                        () ->
                                PlaygroundEgressRecord.decode(
                                        record(
                                                "io.statefun.playground/EgressRecord",
                                                "{\"topic\": \"t\"}")))
                .hasMessageContaining("'payload' is missing");
        assertThatThrownBy(
                        () ->
                                PlaygroundEgressRecord.decode(
                                        record("io.statefun.playground/EgressRecord", "[1]")))
                .hasMessageContaining("not a JSON object");
    }
}

package dev.ferry.runtime.core.io.playground;

import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PlaygroundEgressSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What a function sends the playground egress: a value of type {@code
 * io.statefun.playground/EgressRecord}, the JSON object {@code {"topic": "...", "payload": "..."}}.
 * A number or boolean payload is taken as its text, as the playground's JSON mapping does.
 */
record PlaygroundEgressRecord(String topic, String payload) {

    /**
     * @throws IllegalArgumentException naming what is wrong with the record
     */
    static PlaygroundEgressRecord decode(EgressRecord record) {
        if (!record.typename().equals(PlaygroundEgressSpec.RECORD_TYPE)) {
            throw new IllegalArgumentException(
                    "the playground egress received a value of type "
                            + record.typename()
                            + "; it takes "
                            + PlaygroundEgressSpec.RECORD_TYPE
                            + " values, JSON {\"topic\": ..., \"payload\": ...}");
        }
        JsonObject json;
        try {
            json = new JsonObject(Buffer.buffer(record.value()));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "the playground egress received an "
                            + PlaygroundEgressSpec.RECORD_TYPE
                            + " that is not a JSON object: "
                            + e.getMessage(),
                    e);
        }
        return new PlaygroundEgressRecord(text(json, "topic"), text(json, "payload"));
    }

    private static String text(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException(
                "the playground egress received an "
                        + PlaygroundEgressSpec.RECORD_TYPE
                        + " whose '"
                        + field
                        + "' is "
                        + (value == null ? "missing" : "not text: " + json.encode())
                        + "; expected {\"topic\": \"<topic>\", \"payload\": \"<text>\"}");
    }
}

package dev.ferry.runtime.core.dispatch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The record a batch becomes when its invocation finally failed and its endpoint dead-letters: a
 * JSON document with the address, the endpoint, the error, the attempts and every message.
 */
final class DeadLetters {
    private DeadLetters() {}

    static EgressRecord record(
            TypeName egress,
            FunctionAddress address,
            String endpoint,
            String error,
            int attempts,
            List<ToFunction.Invocation> batch) {
        JsonObject letter = new JsonObject();
        letter.addProperty("address", address.toString());
        letter.addProperty("endpoint", endpoint);
        letter.addProperty("error", error);
        letter.addProperty("attempts", attempts);
        JsonArray messages = new JsonArray();
        for (ToFunction.Invocation invocation : batch) {
            JsonObject message = new JsonObject();
            if (invocation.hasCaller()) {
                message.addProperty(
                        "caller", FunctionAddress.fromProto(invocation.getCaller()).toString());
            }
            message.addProperty("typename", invocation.getArgument().getTypename());
            message.addProperty(
                    "value",
                    Base64.getEncoder()
                            .encodeToString(invocation.getArgument().getValue().toByteArray()));
            messages.add(message);
        }
        letter.add("messages", messages);
        return new EgressRecord(
                egress,
                DeadLetterTypes.FUNCTION_DEAD_LETTER,
                letter.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.ferry.runtime.core.io;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.runtime.core.message.DeadLetterTypes;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.module.PrintEgressSpec.Format;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Shows an egress value as text for the print egress. StateFun's own types are always decoded and
 * dead letters shown as their text; every other type is shown in the chosen format, after its type
 * name. A value the format cannot read is shown in hex with the reason, never failing the job.
 */
public final class EgressValueFormat implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Format format;
    private final byte[] descriptorSet;
    private transient ProtobufMessageTypes messageTypes;

    /**
     * @param descriptorSet with {@link Format#PROTOBUF}, the bytes of a FileDescriptorSet; null
     *     otherwise
     * @throws IllegalArgumentException when the descriptor set cannot be read
     */
    public EgressValueFormat(Format format, byte[] descriptorSet) {
        this.format = format;
        this.descriptorSet = descriptorSet;
        if (format == Format.PROTOBUF) {
            messageTypes = ProtobufMessageTypes.parse(descriptorSet);
        }
    }

    public String show(EgressRecord record) {
        String type = record.typename();
        byte[] value = record.value();
        if (type.startsWith("io.statefun.types/")) {
            return PrimitiveCodecs.describe(type, value);
        }
        if (type.equals(DeadLetterTypes.FUNCTION_DEAD_LETTER)) {
            return new String(value, StandardCharsets.UTF_8);
        }
        return switch (format) {
            case AUTO -> PrimitiveCodecs.describe(type, value);
            case TEXT -> type + " " + new String(value, StandardCharsets.UTF_8);
            case BASE64 -> type + " " + Base64.getEncoder().encodeToString(value);
            case HEX -> type + " " + HexFormat.of().formatHex(value);
            case JSON -> type + " " + json(value);
            case PROTOBUF -> type + " " + protobuf(type, value);
        };
    }

    private static String json(byte[] value) {
        try {
            return Json.encode(Json.decodeValue(new String(value, StandardCharsets.UTF_8)));
        } catch (DecodeException e) {
            return unreadable(value, "not JSON");
        }
    }

    private String protobuf(String type, byte[] value) {
        if (messageTypes == null) {
            messageTypes = ProtobufMessageTypes.parse(descriptorSet);
        }
        String messageName = type.substring(type.indexOf('/') + 1);
        Descriptor message = messageTypes.find(messageName);
        if (message == null) {
            return unreadable(value, "no message " + messageName + " in the descriptor set");
        }
        try {
            return "{"
                    + TextFormat.printer()
                            .shortDebugString(DynamicMessage.parseFrom(message, value))
                    + "}";
        } catch (InvalidProtocolBufferException e) {
            return unreadable(value, "not a " + messageName + ": " + e.getMessage());
        }
    }

    private static String unreadable(byte[] value, String why) {
        return "(" + value.length + " bytes, " + why + ") " + HexFormat.of().formatHex(value);
    }
}

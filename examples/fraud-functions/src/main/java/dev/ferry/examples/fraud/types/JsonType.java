package dev.ferry.examples.fraud.types;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * StateFun SDK types whose values travel as UTF-8 JSON: readable on Kafka topics and in dead
 * letters, and writable from any language.
 */
public final class JsonType {
    private static final Gson GSON = new Gson();

    private JsonType() {}

    /** The type {@code typeName} with values of the record class {@code type}. */
    public static <T> Type<T> of(String typeName, Class<T> type) {
        return SimpleType.simpleImmutableTypeFrom(
                TypeName.typeNameFromString(typeName),
                JsonType::toJson,
                bytes -> fromJson(bytes, type));
    }

    public static byte[] toJson(Object value) {
        return GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T fromJson(byte[] bytes, Class<T> type) {
        return GSON.fromJson(new String(bytes, StandardCharsets.UTF_8), type);
    }
}

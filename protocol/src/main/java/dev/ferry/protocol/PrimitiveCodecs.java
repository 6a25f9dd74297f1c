package dev.ferry.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.ferry.protocol.wire.BooleanWrapper;
import dev.ferry.protocol.wire.DoubleWrapper;
import dev.ferry.protocol.wire.FloatWrapper;
import dev.ferry.protocol.wire.IntWrapper;
import dev.ferry.protocol.wire.LongWrapper;
import dev.ferry.protocol.wire.StringWrapper;
import dev.ferry.protocol.wire.TypedValue;

/**
 * Encodes and decodes the built-in primitive types exactly as the StateFun SDKs do: each value is
 * its protobuf wrapper message, so a zero, {@code false} or {@code ""} is zero bytes.
 *
 * <p>Decoding fails with an {@link IllegalArgumentException} naming the type when the bytes are not
 * a valid wrapper, including bytes of another wrapper (which plain protobuf parsing would read as
 * zero). The SDKs' own decoders are just as strict.
 */
public final class PrimitiveCodecs {

    private PrimitiveCodecs() {}

    public static byte[] encodeInt(int value) {
        return IntWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static byte[] encodeLong(long value) {
        return LongWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static byte[] encodeFloat(float value) {
        return FloatWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static byte[] encodeDouble(double value) {
        return DoubleWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static byte[] encodeBoolean(boolean value) {
        return BooleanWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static byte[] encodeString(String value) {
        return StringWrapper.newBuilder().setValue(value).build().toByteArray();
    }

    public static int decodeInt(byte[] bytes) {
        return parse(IntWrapper.parser(), WellKnownTypes.INT, bytes).getValue();
    }

    public static long decodeLong(byte[] bytes) {
        return parse(LongWrapper.parser(), WellKnownTypes.LONG, bytes).getValue();
    }

    public static float decodeFloat(byte[] bytes) {
        return parse(FloatWrapper.parser(), WellKnownTypes.FLOAT, bytes).getValue();
    }

    public static double decodeDouble(byte[] bytes) {
        return parse(DoubleWrapper.parser(), WellKnownTypes.DOUBLE, bytes).getValue();
    }

    public static boolean decodeBoolean(byte[] bytes) {
        return parse(BooleanWrapper.parser(), WellKnownTypes.BOOLEAN, bytes).getValue();
    }

    public static String decodeString(byte[] bytes) {
        return parse(StringWrapper.parser(), WellKnownTypes.STRING, bytes).getValue();
    }

    /** A present value of the given type: {@code has_value} is always true for values. */
    public static TypedValue typedValue(String typename, byte[] bytes) {
        return TypedValue.newBuilder()
                .setTypename(typename)
                .setHasValue(true)
                .setValue(ByteString.copyFrom(bytes))
                .build();
    }

    public static TypedValue intValue(int value) {
        return typedValue(WellKnownTypes.INT, encodeInt(value));
    }

    public static TypedValue longValue(long value) {
        return typedValue(WellKnownTypes.LONG, encodeLong(value));
    }

    public static TypedValue floatValue(float value) {
        return typedValue(WellKnownTypes.FLOAT, encodeFloat(value));
    }

    public static TypedValue doubleValue(double value) {
        return typedValue(WellKnownTypes.DOUBLE, encodeDouble(value));
    }

    public static TypedValue booleanValue(boolean value) {
        return typedValue(WellKnownTypes.BOOLEAN, encodeBoolean(value));
    }

    public static TypedValue stringValue(String value) {
        return typedValue(WellKnownTypes.STRING, encodeString(value));
    }

    /**
     * Renders a value for people: primitives decoded, anything else as its type and size. Never
     * throws.
     */
    public static String describe(String typename, byte[] bytes) {
        try {
            return switch (typename) {
                case WellKnownTypes.INT -> Integer.toString(decodeInt(bytes));
                case WellKnownTypes.LONG -> Long.toString(decodeLong(bytes));
                case WellKnownTypes.FLOAT -> Float.toString(decodeFloat(bytes));
                case WellKnownTypes.DOUBLE -> Double.toString(decodeDouble(bytes));
                case WellKnownTypes.BOOLEAN -> Boolean.toString(decodeBoolean(bytes));
                case WellKnownTypes.STRING -> decodeString(bytes);
                default -> typename + " (" + bytes.length + " bytes)";
            };
        } catch (IllegalArgumentException e) {
            return typename + " (malformed, " + bytes.length + " bytes)";
        }
    }

    /**
     * Parses a wrapper strictly: protobuf would silently skip a field of another wire type (for
     * example a string handed to the int decoder) and yield zero, so any unknown field is an error.
     */
    private static <T extends Message> T parse(Parser<T> parser, String typename, byte[] bytes) {
        T message;
        try {
            message = parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw malformed(typename, bytes, e.getMessage(), e);
        }
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw malformed(
                    typename,
                    bytes,
                    "unexpected fields " + message.getUnknownFields().asMap().keySet(),
                    null);
        }
        return message;
    }

    private static IllegalArgumentException malformed(
            String typename, byte[] bytes, String reason, Exception cause) {
        return new IllegalArgumentException(
                "bytes are not a valid "
                        + typename
                        + " value ("
                        + bytes.length
                        + " bytes): "
                        + reason,
                cause);
    }
}

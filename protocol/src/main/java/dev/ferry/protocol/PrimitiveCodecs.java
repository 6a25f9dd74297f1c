package dev.ferry.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
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
 * a valid wrapper.
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
        try {
            return IntWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.INT, bytes, e);
        }
    }

    public static long decodeLong(byte[] bytes) {
        try {
            return LongWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.LONG, bytes, e);
        }
    }

    public static float decodeFloat(byte[] bytes) {
        try {
            return FloatWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.FLOAT, bytes, e);
        }
    }

    public static double decodeDouble(byte[] bytes) {
        try {
            return DoubleWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.DOUBLE, bytes, e);
        }
    }

    public static boolean decodeBoolean(byte[] bytes) {
        try {
            return BooleanWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.BOOLEAN, bytes, e);
        }
    }

    public static String decodeString(byte[] bytes) {
        try {
            return StringWrapper.parseFrom(bytes).getValue();
        } catch (InvalidProtocolBufferException e) {
            throw malformed(WellKnownTypes.STRING, bytes, e);
        }
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

    private static IllegalArgumentException malformed(
            String typename, byte[] bytes, InvalidProtocolBufferException cause) {
        return new IllegalArgumentException(
                "bytes are not a valid "
                        + typename
                        + " value ("
                        + bytes.length
                        + " bytes): "
                        + cause.getMessage(),
                cause);
    }
}

package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrimitiveCodecsTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void reproducesTheWireVectorsOfTheSdks() {
        assertThat(PrimitiveCodecs.encodeInt(1)).isEqualTo(hex("0D 01 00 00 00"));
        assertThat(PrimitiveCodecs.encodeLong(1)).isEqualTo(hex("09 01 00 00 00 00 00 00 00"));
        assertThat(PrimitiveCodecs.encodeString("hi")).isEqualTo(hex("0A 02 68 69"));
        assertThat(PrimitiveCodecs.encodeBoolean(true)).isEqualTo(hex("08 01"));
    }

    @Test
    void zeroFalseAndEmptyStringAreNoBytes() {
        assertThat(PrimitiveCodecs.encodeInt(0)).isEmpty();
        assertThat(PrimitiveCodecs.encodeLong(0)).isEmpty();
        assertThat(PrimitiveCodecs.encodeFloat(0f)).isEmpty();
        assertThat(PrimitiveCodecs.encodeDouble(0d)).isEmpty();
        assertThat(PrimitiveCodecs.encodeBoolean(false)).isEmpty();
        assertThat(PrimitiveCodecs.encodeString("")).isEmpty();

        assertThat(PrimitiveCodecs.decodeInt(new byte[0])).isZero();
        assertThat(PrimitiveCodecs.decodeBoolean(new byte[0])).isFalse();
        assertThat(PrimitiveCodecs.decodeString(new byte[0])).isEmpty();
    }

    @Test
    void intsAreLittleEndianFixedWidth() {
        assertThat(PrimitiveCodecs.encodeInt(-1)).isEqualTo(hex("0D FF FF FF FF"));
        assertThat(PrimitiveCodecs.encodeInt(0x01020304)).isEqualTo(hex("0D 04 03 02 01"));
        assertThat(PrimitiveCodecs.encodeLong(Long.MIN_VALUE))
                .isEqualTo(hex("09 00 00 00 00 00 00 00 80"));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -7, 0, 1, 255, Integer.MAX_VALUE})
    void intsRoundTrip(int value) {
        assertThat(PrimitiveCodecs.decodeInt(PrimitiveCodecs.encodeInt(value))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -7, 0, 1, 1L << 40, Long.MAX_VALUE})
    void longsRoundTrip(long value) {
        assertThat(PrimitiveCodecs.decodeLong(PrimitiveCodecs.encodeLong(value))).isEqualTo(value);
    }

    @Test
    void floatingPointRoundTripsIncludingSpecialValues() {
        for (double value :
                new double[] {
                    -0.5, 3.25, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, -0.0
                }) {
            // Boxed comparison: NaN equals NaN and -0.0 differs from 0.0.
            assertThat(
                            Double.valueOf(
                                    PrimitiveCodecs.decodeDouble(
                                            PrimitiveCodecs.encodeDouble(value))))
                    .isEqualTo(Double.valueOf(value));
            assertThat(
                            Float.valueOf(
                                    PrimitiveCodecs.decodeFloat(
                                            PrimitiveCodecs.encodeFloat((float) value))))
                    .isEqualTo(Float.valueOf((float) value));
        }
    }

    @Test
    void stringsAreUtf8WithVarintLength() {
        String text = "Grüße, 世界 🚢";
        byte[] encoded = PrimitiveCodecs.encodeString(text);
        assertThat(encoded[0]).isEqualTo((byte) 0x0A);
        assertThat(PrimitiveCodecs.decodeString(encoded)).isEqualTo(text);

        String longText = "x".repeat(300);
        assertThat(PrimitiveCodecs.encodeString(longText)).startsWith(hex("0A AC 02"));
    }

    @Test
    void malformedBytesNameTheType() {
        assertThatThrownBy(() -> PrimitiveCodecs.decodeInt(hex("0D 01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.statefun.types/int");
        assertThatThrownBy(() -> PrimitiveCodecs.decodeString(hex("0A 05 68")))
                .hasMessageContaining("io.statefun.types/string");
    }

    @Test
    void bytesOfAnotherTypeAreRejectedNotReadAsZero() {
        byte[] string = PrimitiveCodecs.encodeString("hi");
        assertThatThrownBy(() -> PrimitiveCodecs.decodeInt(string))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.statefun.types/int")
                .hasMessageContaining("unexpected fields");
        byte[] bool = PrimitiveCodecs.encodeBoolean(true);
        assertThatThrownBy(() -> PrimitiveCodecs.decodeLong(bool))
                .hasMessageContaining("io.statefun.types/long");
        byte[] integer = PrimitiveCodecs.encodeInt(7);
        assertThatThrownBy(() -> PrimitiveCodecs.decodeDouble(integer))
                .hasMessageContaining("io.statefun.types/double");
        assertThatThrownBy(() -> PrimitiveCodecs.decodeBoolean(hex("10 01")))
                .hasMessageContaining("io.statefun.types/bool");
        assertThatThrownBy(() -> PrimitiveCodecs.decodeFloat(hex("FF")))
                .hasMessageContaining("io.statefun.types/float");
    }

    @Test
    void typedValuesForEveryType() {
        assertThat(PrimitiveCodecs.longValue(1).getTypename()).isEqualTo(WellKnownTypes.LONG);
        assertThat(PrimitiveCodecs.floatValue(1).getTypename()).isEqualTo(WellKnownTypes.FLOAT);
        assertThat(PrimitiveCodecs.doubleValue(1).getTypename()).isEqualTo(WellKnownTypes.DOUBLE);
        assertThat(PrimitiveCodecs.booleanValue(false).getTypename())
                .isEqualTo(WellKnownTypes.BOOLEAN);
        assertThat(PrimitiveCodecs.booleanValue(false).getHasValue()).isTrue();
        assertThat(PrimitiveCodecs.stringValue("hi").getValue().toByteArray())
                .isEqualTo(hex("0A 02 68 69"));
        assertThat(PrimitiveCodecs.stringValue("hi").getTypename())
                .isEqualTo(WellKnownTypes.STRING);
    }

    @Test
    void typedValuesAlwaysCarryAValue() {
        var value = PrimitiveCodecs.intValue(0);
        assertThat(value.getTypename()).isEqualTo(WellKnownTypes.INT);
        assertThat(value.getHasValue()).isTrue();
        assertThat(value.getValue().isEmpty()).isTrue();
    }

    @Test
    void describesValuesForPeople() {
        assertThat(PrimitiveCodecs.describe(WellKnownTypes.LONG, PrimitiveCodecs.encodeLong(42)))
                .isEqualTo("42");
        assertThat(PrimitiveCodecs.describe("acme/thing", new byte[3]))
                .isEqualTo("acme/thing (3 bytes)");
        assertThat(PrimitiveCodecs.describe(WellKnownTypes.INT, hex("0D 01")))
                .contains("malformed");
    }
}

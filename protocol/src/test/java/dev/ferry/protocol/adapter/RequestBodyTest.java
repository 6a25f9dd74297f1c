package dev.ferry.protocol.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Memory follows the bytes that arrived, not the length a header declared. */
class RequestBodyTest {
    private static final long LIMIT = 32L * 1024 * 1024;

    @Test
    void aDeclaredLengthTakesAtMostTheFirstChunkBeforeAnyByteArrives() {
        RequestBody declared = new RequestBody(LIMIT, LIMIT);
        RequestBody unknown = new RequestBody(-1, LIMIT);
        RequestBody small = new RequestBody(10, LIMIT);

        assertThat(declared.capacity()).isEqualTo(RequestBody.FIRST_CHUNK);
        assertThat(unknown.capacity()).isEqualTo(RequestBody.FIRST_CHUNK);
        assertThat(small.capacity()).isEqualTo(10);
    }

    @Test
    void growsAsBytesArriveAndEndsAtTheDeclaredSize() {
        int length = 200_000;
        RequestBody body = new RequestBody(length, LIMIT);
        byte[] chunk = new byte[1000];
        for (int i = 0; i < length / chunk.length; i++) {
            chunk[0] = (byte) i;
            body.append(chunk);
            assertThat(body.capacity()).isLessThanOrEqualTo(Math.max(2 * body.size(), 16 * 1024));
        }

        byte[] bytes = body.bytes();
        assertThat(bytes).hasSize(length);
        assertThat(bytes[199_000]).isEqualTo((byte) 199);
        assertThat(body.capacity()).isEqualTo(length);
    }

    @Test
    void refusesTheByteOverTheLimit() throws Exception {
        RequestBody fits = new RequestBody(-1, 200_000);
        fits.readFrom(new ByteArrayInputStream(new byte[200_000]));
        assertThat(fits.bytes()).hasSize(200_000);

        RequestBody over = new RequestBody(-1, 199_999);
        assertThatThrownBy(() -> over.readFrom(new ByteArrayInputStream(new byte[200_000])))
                .isInstanceOfSatisfying(
                        ProtocolError.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessage("request is over the limit of 199999 bytes");

        RequestBody empty = new RequestBody(0, 10);
        empty.readFrom(new ByteArrayInputStream(new byte[0]));
        assertThat(empty.bytes()).isEmpty();
    }
}

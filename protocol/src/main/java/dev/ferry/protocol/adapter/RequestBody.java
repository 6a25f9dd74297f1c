package dev.ferry.protocol.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read up to a limit. Memory is taken as bytes arrive, never for a length a header
 * only declares: a client that declares a large body and sends nothing holds a few kilobytes, not
 * the declared size. A declared length only caps the growth, so a body that arrives whole ends in
 * an array of its exact size.
 */
public final class RequestBody {
    /** The most taken before any byte arrived. */
    static final int FIRST_CHUNK = 16 * 1024;

    private final long limit;
    private final long declared;
    private final boolean addressBatch;
    private byte[] buffer;
    private int size;

    /**
     * @param declared the length the request declares, or -1
     * @param limit the most bytes accepted; more are a {@link ProtocolError#payloadTooLarge}
     * @param addressBatch the body is an {@code AddressBatchRequest}, not a {@code ToFunction}
     */
    RequestBody(long declared, long limit) {
        this(declared, limit, false);
    }

    RequestBody(long declared, long limit, boolean addressBatch) {
        this.addressBatch = addressBatch;
        this.limit = limit;
        this.declared = declared;
        long first = declared >= 0 ? Math.min(declared, FIRST_CHUNK) : FIRST_CHUNK;
        this.buffer = new byte[(int) Math.min(first, limit)];
    }

    /** Appends bytes as they arrived; past the limit this is a 413 and nothing is kept. */
    public void append(byte[] bytes, int offset, int length) {
        long needed = (long) size + length;
        if (needed > limit) {
            buffer = new byte[0];
            throw ProtocolError.payloadTooLarge(-1, limit);
        }
        if (needed > buffer.length) {
            long cap = declared >= needed ? declared : limit;
            long grown = Math.max(needed, Math.min(cap, Math.max(1024L, 2L * buffer.length)));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    public void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    /** Reads {@code in} to its end. */
    public void readFrom(InputStream in) throws IOException {
        byte[] chunk = new byte[FIRST_CHUNK];
        int read;
        while ((read = in.read(chunk)) >= 0) {
            append(chunk, 0, read);
        }
    }

    /** The bytes received (the buffer itself when it is exactly full). */
    public byte[] bytes() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    /**
     * True when the request is Ferry's {@code AddressBatchRequest} (content type {@value
     * dev.ferry.protocol.MediaTypes#ADDRESS_BATCH}), answered by an {@code AddressBatchReply}.
     */
    public boolean isAddressBatch() {
        return addressBatch;
    }

    public int size() {
        return size;
    }

    /** The bytes of memory this body holds now. */
    public int capacity() {
        return buffer.length;
    }
}

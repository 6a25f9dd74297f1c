package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Builds Ferry's address batches: which ready address batches fit one request, and the request. */
final class AddressBatchRequests {
    /**
     * More than the bytes one address's request costs inside an {@code AddressBatchRequest} beyond
     * its own size: a field tag and a length of at most 5 bytes.
     */
    static final int ENVELOPE_BYTES = 8;

    private AddressBatchRequests() {}

    /**
     * Takes from the head of {@code waiting} the address batches of one request of at most {@code
     * limit} bytes, in order. The first is always taken: each fits alone (the sender cuts every
     * address's request to {@link AddressBatchLanes#addressLimit}).
     */
    static List<AddressBatchLanes.Entry> take(Deque<AddressBatchLanes.Entry> waiting, long limit) {
        List<AddressBatchLanes.Entry> taken = new ArrayList<>();
        long size = 0;
        AddressBatchLanes.Entry next;
        while ((next = waiting.peekFirst()) != null) {
            long more = next.request().getSerializedSize() + (long) ENVELOPE_BYTES;
            if (!taken.isEmpty() && size + more > limit) {
                break;
            }
            taken.add(waiting.pollFirst());
            size += more;
        }
        return taken;
    }

    static AddressBatchRequest request(List<AddressBatchLanes.Entry> entries) {
        AddressBatchRequest.Builder request = AddressBatchRequest.newBuilder();
        for (AddressBatchLanes.Entry entry : entries) {
            request.addRequests(entry.request().toByteString());
        }
        return request.build();
    }
}

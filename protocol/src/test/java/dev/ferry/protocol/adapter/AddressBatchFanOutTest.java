package dev.ferry.protocol.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.protocol.MediaTypes;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.batch.AddressBatchReply;
import dev.ferry.protocol.wire.batch.AddressBatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ferry's address batch through the adapter core: each address's request reaches the handler on its
 * own, the reply holds each address's result in request order, and one failing address fails only
 * its own result.
 */
class AddressBatchFanOutTest {
    /** Answers each address with a reply naming it; fails for the id "broken". */
    private final ProtocolExchange exchange =
            new ProtocolExchange(
                    RemoteHandler.of(
                            request -> {
                                String id = request.getInvocation().getTarget().getId();
                                if (id.equals("broken")) {
                                    throw new IllegalStateException("the function broke");
                                }
                                return CompletableFuture.completedFuture(replyNaming(id));
                            }),
                    1 << 20,
                    null);

    @Test
    void eachAddressIsAnsweredInRequestOrderAndAFailureStaysWithItsAddress() throws Exception {
        AddressBatchRequest batch =
                AddressBatchRequest.newBuilder()
                        .addRequests(request("a"))
                        .addRequests(request("broken"))
                        .addRequests(ByteString.copyFromUtf8("not a ToFunction \u0000\u00ff"))
                        .addRequests(request("c"))
                        .build();
        ProtocolAnswer answer = serve(batch.toByteArray(), MediaTypes.ADDRESS_BATCH);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(MediaTypes.ADDRESS_BATCH);
        List<AddressBatchReply.Result> results =
                AddressBatchReply.parseFrom(answer.body()).getResultsList();
        assertThat(results).hasSize(4);
        assertThat(idIn(results.get(0))).isEqualTo("a");
        assertThat(results.get(1).getFailure()).startsWith("500 ");
        assertThat(results.get(2).getFailure()).startsWith("400 ").contains("ToFunction");
        assertThat(idIn(results.get(3))).isEqualTo("c");
    }

    @Test
    void aPlainRequestIsStillAnsweredAsStateFunExpects() throws Exception {
        ProtocolAnswer answer = serve(toFunction("a").toByteArray(), MediaTypes.OCTET_STREAM);
        assertThat(answer.contentType()).isEqualTo(MediaTypes.OCTET_STREAM);
        assertThat(
                        FromFunction.parseFrom(answer.body())
                                .getInvocationResult()
                                .getOutgoingEgresses(0)
                                .getArgument()
                                .getValue()
                                .toStringUtf8())
                .isEqualTo("a");
    }

    @Test
    void aBodyThatIsNoAddressBatchIsABadRequest() {
        assertThatThrownBy(() -> serve(new byte[] {(byte) 0xff, 1, 2}, MediaTypes.ADDRESS_BATCH))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        ProtocolError.class,
                        error -> {
                            assertThat(error.status()).isEqualTo(400);
                            assertThat(error.getMessage()).contains("AddressBatchRequest");
                        });
    }

    @Test
    void withWorkersTheAddressesRunSideBySideAndAreAnsweredInRequestOrder() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            // Each of the first four calls waits for the other three: only four slices running
            // at once get past it; addresses called one after another would fail on the timeout.
            CountDownLatch together = new CountDownLatch(4);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            ProtocolExchange parallel =
                    new ProtocolExchange(
                            RemoteHandler.of(
                                    request -> {
                                        threads.add(Thread.currentThread().getName());
                                        together.countDown();
                                        try {
                                            if (!together.await(10, TimeUnit.SECONDS)) {
                                                throw new IllegalStateException(
                                                        "the slices did not run side by side");
                                            }
                                        } catch (InterruptedException e) {
                                            throw new IllegalStateException(e);
                                        }
                                        return CompletableFuture.completedFuture(
                                                replyNaming(
                                                        request.getInvocation()
                                                                .getTarget()
                                                                .getId()));
                                    }),
                            1 << 20,
                            null,
                            workers,
                            4);
            AddressBatchRequest.Builder batch = AddressBatchRequest.newBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add("id" + i);
                batch.addRequests(request("id" + i));
            }

            ProtocolAnswer answer =
                    serve(parallel, batch.build().toByteArray(), MediaTypes.ADDRESS_BATCH);

            List<String> answered = new ArrayList<>();
            for (AddressBatchReply.Result result :
                    AddressBatchReply.parseFrom(answer.body()).getResultsList()) {
                answered.add(idIn(result));
            }
            assertThat(answered).isEqualTo(ids);
            assertThat(threads).hasSize(4).doesNotContain(Thread.currentThread().getName());
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aBatchOfOneAddressRunsOnTheCallingThreadAsAPlainRequestDoes() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<String> threads = new CopyOnWriteArrayList<>();
            ProtocolExchange parallel =
                    new ProtocolExchange(
                            RemoteHandler.of(
                                    request -> {
                                        threads.add(Thread.currentThread().getName());
                                        return CompletableFuture.completedFuture(replyNaming("a"));
                                    }),
                            1 << 20,
                            null,
                            workers,
                            2);
            byte[] body =
                    AddressBatchRequest.newBuilder()
                            .addRequests(request("a"))
                            .build()
                            .toByteArray();

            ProtocolAnswer answer = serve(parallel, body, MediaTypes.ADDRESS_BATCH);

            assertThat(idIn(AddressBatchReply.parseFrom(answer.body()).getResults(0)))
                    .isEqualTo("a");
            assertThat(threads).containsExactly(Thread.currentThread().getName());
        } finally {
            workers.shutdownNow();
        }
    }

    private ProtocolAnswer serve(byte[] body, String contentType) throws Exception {
        return serve(exchange, body, contentType);
    }

    private static ProtocolAnswer serve(ProtocolExchange exchange, byte[] body, String contentType)
            throws Exception {
        RequestBody request =
                exchange.begin(
                        "POST",
                        Map.of(
                                        "content-type",
                                        contentType,
                                        "content-length",
                                        Integer.toString(body.length))
                                ::get);
        request.append(body);
        return exchange.reply(request, field -> null).get();
    }

    private static ByteString request(String id) {
        return toFunction(id).toByteString();
    }

    private static ToFunction toFunction(String id) {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(
                                        Address.newBuilder()
                                                .setNamespace("test")
                                                .setType("counter")
                                                .setId(id)))
                .build();
    }

    private static FromFunction replyNaming(String id) {
        return FromFunction.newBuilder()
                .setInvocationResult(
                        FromFunction.InvocationResponse.newBuilder()
                                .addOutgoingEgresses(
                                        FromFunction.EgressMessage.newBuilder()
                                                .setArgument(
                                                        dev.ferry.protocol.wire.TypedValue
                                                                .newBuilder()
                                                                .setValue(
                                                                        ByteString.copyFromUtf8(
                                                                                id)))))
                .build();
    }

    private static String idIn(AddressBatchReply.Result result) throws Exception {
        return FromFunction.parseFrom(result.getFromFunction())
                .getInvocationResult()
                .getOutgoingEgresses(0)
                .getArgument()
                .getValue()
                .toStringUtf8();
    }
}

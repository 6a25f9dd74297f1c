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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    private ProtocolAnswer serve(byte[] body, String contentType) throws Exception {
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

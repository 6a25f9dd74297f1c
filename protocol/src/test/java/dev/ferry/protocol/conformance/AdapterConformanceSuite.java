package dev.ferry.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.WellKnownTypes;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.FromFunction.DelayedInvocation;
import dev.ferry.protocol.wire.FromFunction.EgressMessage;
import dev.ferry.protocol.wire.FromFunction.ExpirationSpec.ExpireMode;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation;
import dev.ferry.protocol.wire.FromFunction.PersistedValueMutation.MutationType;
import dev.ferry.protocol.wire.FromFunction.PersistedValueSpec;
import dev.ferry.protocol.wire.KafkaProducerRecord;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.protocol.wire.TypedValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every adapter (Knative, Lambda, Cloud Functions) must show, written once. An
 * adapter's test extends this class and says how to start the adapter with the suite's functions
 * ({@link ConformanceFunctions}, built with the official StateFun SDK) and how to POST bytes to it;
 * the suite checks batch order, the missing-state handshake, every reply field, errors, content
 * types, the size limit and concurrent requests.
 *
 * <p>One adapter instance serves the whole class ({@link #startAdapter} before the first test,
 * {@link #stopAdapter} after the last). {@link #post} is called from several threads at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterConformanceSuite {
    /** The request size limit the adapter is started with. */
    public static final long SIZE_LIMIT = 256 * 1024;

    /** The headers the runtime's HTTP invoker sends with a request. */
    public static final Map<String, String> PROTOCOL_HEADERS =
            Map.of(
                    "Content-Type", "application/octet-stream",
                    "Accept", "application/octet-stream");

    private static final String OCTET_STREAM = "application/octet-stream";

    /** The content type of every error answer. */
    private static final String ERROR_CONTENT_TYPE = "text/plain; charset=utf-8";

    /**
     * Starts the adapter under test serving {@code functions}, refusing request bodies over {@code
     * maxRequestBytes}. An adapter that loads its functions by class name in another process uses
     * {@code ConformanceFunctions.class.getName()}: that class supplies the same handler.
     */
    protected abstract void startAdapter(RemoteHandler functions, long maxRequestBytes)
            throws Exception;

    /** Stops the adapter; called once after the last test, also when starting failed halfway. */
    protected abstract void stopAdapter() throws Exception;

    /**
     * POSTs {@code body} with {@code headers} to the adapter and returns what came back. Must be
     * safe to call from several threads at once.
     */
    protected abstract AdapterReply post(byte[] body, Map<String, String> headers) throws Exception;

    /**
     * Whether the adapter refuses a request whose content type is not {@code
     * application/octet-stream} with a 4xx status. Platforms that hide the request's content type
     * from the adapter override this with false.
     */
    protected boolean refusesWrongContentType() {
        return true;
    }

    /**
     * Whether a failed function is answered with an HTTP status and body the adapter writes. Lambda
     * overrides this with false: there a failed function is a Lambda function error, whose type and
     * message the platform reports to the caller.
     */
    protected boolean answersFunctionFailuresOverHttp() {
        return true;
    }

    /**
     * POSTs {@code body} without a declared length (HTTP/1.1 chunked transfer coding), so the
     * adapter learns the size only by reading. Platforms that hand the adapter a whole body (Lambda
     * events) keep this default, a plain {@link #post}.
     */
    protected AdapterReply postChunked(byte[] body, Map<String, String> headers) throws Exception {
        return post(body, headers);
    }

    /** How many requests {@link #answersConcurrentRequestsEachWithItsOwnReply} sends at once. */
    protected int concurrentRequests() {
        return 32;
    }

    @BeforeAll
    final void startAdapterUnderTest() throws Exception {
        startAdapter(new ConformanceFunctions().get(), SIZE_LIMIT);
    }

    @AfterAll
    final void stopAdapterUnderTest() throws Exception {
        stopAdapter();
    }

    @Test
    void keepsTheOrderOfABatch() throws Exception {
        List<String> texts = List.of("a", "b", "c", "d", "e", "f", "g");
        FromFunction.InvocationResponse reply =
                invoke(recorderRequest("order", texts, "", 0)).getInvocationResult();

        assertThat(reply.getOutgoingMessagesList())
                .extracting(
                        m -> PrimitiveCodecs.decodeString(m.getArgument().getValue().toByteArray()))
                .containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f", "6:g");
        assertThat(reply.getOutgoingMessagesList())
                .allSatisfy(
                        m ->
                                assertThat(FunctionAddress.fromProto(m.getTarget()))
                                        .isEqualTo(peer("order")));
        assertThat(stateValue(reply, "log")).isEqualTo("a;b;c;d;e;f;g;");
    }

    @Test
    void asksForMissingStateWithItsSpecs() throws Exception {
        ToFunction request =
                request(recorder("new"), List.of(), List.of(PrimitiveCodecs.stringValue("x")));
        FromFunction reply = invoke(request);

        assertThat(reply.hasIncompleteInvocationContext()).isTrue();
        Map<String, PersistedValueSpec> missing =
                reply.getIncompleteInvocationContext().getMissingValuesList().stream()
                        .collect(Collectors.toMap(PersistedValueSpec::getStateName, s -> s));
        assertThat(missing).containsOnlyKeys("log", "count");
        assertThat(missing.get("log").getTypeTypename()).isEqualTo(WellKnownTypes.STRING);
        assertThat(missing.get("count").getTypeTypename()).isEqualTo(WellKnownTypes.INT);
        assertThat(missing.get("count").getExpirationSpec().getMode())
                .isEqualTo(ExpireMode.AFTER_WRITE);
        assertThat(missing.get("count").getExpirationSpec().getExpireAfterMillis())
                .isEqualTo(3_600_000L);

        // With the state attached (registered, still empty), the same message runs.
        FromFunction retried = invoke(recorderRequest("new", List.of("x"), null, null));
        assertThat(stateValue(retried.getInvocationResult(), "log")).isEqualTo("x;");
    }

    @Test
    void carriesStateValuesInAndMutationsOut() throws Exception {
        FromFunction.InvocationResponse reply =
                invoke(recorderRequest("stateful", List.of("next"), "before;", 41))
                        .getInvocationResult();

        assertThat(stateValue(reply, "log")).isEqualTo("before;next;");
        PersistedValueMutation count = mutation(reply, "count");
        assertThat(count.getMutationType()).isEqualTo(MutationType.MODIFY);
        assertThat(PrimitiveCodecs.decodeInt(count.getStateValue().getValue().toByteArray()))
                .isEqualTo(42);
        assertThat(reply.getOutgoingMessages(0).getArgument().getValue().toByteArray())
                .isEqualTo(PrimitiveCodecs.encodeString("41:next"));
    }

    @Test
    void carriesEveryReplyField() throws Exception {
        ToFunction request =
                request(
                        FunctionAddress.of(ConformanceFunctions.NAMESPACE, "effects", "all"),
                        List.of(
                                state("old", PrimitiveCodecs.stringValue("stale")),
                                state("total", PrimitiveCodecs.longValue(9))),
                        List.of(PrimitiveCodecs.stringValue("go")));
        FromFunction.InvocationResponse reply = invoke(request).getInvocationResult();

        assertThat(reply.getOutgoingMessagesList()).hasSize(1);
        assertThat(FunctionAddress.fromProto(reply.getOutgoingMessages(0).getTarget()))
                .isEqualTo(peer("now"));
        assertThat(reply.getOutgoingMessages(0).getArgument())
                .isEqualTo(PrimitiveCodecs.longValue(42));

        List<DelayedInvocation> delayed = reply.getDelayedInvocationsList();
        assertThat(delayed).hasSize(3);
        assertThat(delayed.get(0).getDelayInMs()).isEqualTo(1500);
        assertThat(delayed.get(0).getCancellationToken()).isEmpty();
        assertThat(FunctionAddress.fromProto(delayed.get(0).getTarget())).isEqualTo(peer("later"));
        assertThat(delayed.get(0).getArgument()).isEqualTo(PrimitiveCodecs.intValue(7));
        assertThat(delayed.get(1).getDelayInMs()).isEqualTo(3_600_000L);
        assertThat(delayed.get(1).getCancellationToken()).isEqualTo("token-1");
        assertThat(delayed.get(1).getIsCancellationRequest()).isFalse();
        assertThat(delayed.get(2).getIsCancellationRequest()).isTrue();
        assertThat(delayed.get(2).getCancellationToken()).isEqualTo("token-0");

        List<EgressMessage> egress = reply.getOutgoingEgressesList();
        assertThat(egress).hasSize(2);
        assertThat(egress.get(0).getEgressNamespace()).isEqualTo(ConformanceFunctions.NAMESPACE);
        assertThat(egress.get(0).getEgressType()).isEqualTo("out");
        assertThat(egress.get(0).getArgument()).isEqualTo(PrimitiveCodecs.stringValue("to-egress"));
        assertThat(egress.get(1).getEgressType()).isEqualTo("kafka");
        assertThat(egress.get(1).getArgument().getTypename())
                .isEqualTo(WellKnownTypes.KAFKA_PRODUCER_RECORD);
        KafkaProducerRecord record =
                KafkaProducerRecord.parseFrom(egress.get(1).getArgument().getValue());
        assertThat(record.getTopic()).isEqualTo("alerts");
        assertThat(record.getKey()).isEqualTo("key-1");
        assertThat(record.getValueBytes().toStringUtf8()).isEqualTo("value-1");

        PersistedValueMutation total = mutation(reply, "total");
        assertThat(total.getMutationType()).isEqualTo(MutationType.MODIFY);
        assertThat(total.getStateValue()).isEqualTo(PrimitiveCodecs.longValue(10));
        assertThat(mutation(reply, "old").getMutationType()).isEqualTo(MutationType.DELETE);
    }

    @Test
    void repliesWithTheProtocolContentType() throws Exception {
        AdapterReply reply = post(recorderRequest("type", List.of("t"), "", 0).toByteArray());

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo(OCTET_STREAM);
    }

    @Test
    void reportsAFailingFunctionAsAnErrorNeverA200() throws Exception {
        ToFunction request =
                request(
                        FunctionAddress.of(ConformanceFunctions.NAMESPACE, "failing", "f"),
                        List.of(),
                        List.of(PrimitiveCodecs.stringValue("boom")));
        AdapterReply reply = post(request.toByteArray());

        assertThat(reply.status()).as("%s", reply).isBetween(500, 599);
        assertThat(reply.header("Content-Type")).isNotEqualTo(OCTET_STREAM);
        if (answersFunctionFailuresOverHttp()) {
            assertIsAnErrorAnswer(reply);
            assertThat(reply.text())
                    .as("the answer to a failed function keeps its exception to the log")
                    .doesNotContain("conformance failure")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void answersAnUnreadableRequestWith400() throws Exception {
        AdapterReply reply = post("not a protobuf message".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertIsAnErrorAnswer(reply);
    }

    @Test
    void takesARequestWithoutAContentTypeAsTheProtocolsBytes() throws Exception {
        // RFC 9110 8.3: a recipient may take a body without Content-Type as
        // application/octet-stream. Every adapter does, so a client that leaves the header out
        // meets the same answer on every platform.
        byte[] body = recorderRequest("untyped", List.of("u"), "", 0).toByteArray();
        AdapterReply reply = post(body, Map.of("Accept", OCTET_STREAM));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        FromFunction.InvocationResponse result =
                FromFunction.parseFrom(reply.body()).getInvocationResult();
        assertThat(stateValue(result, "log")).isEqualTo("u;");
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWith413() throws Exception {
        byte[] tooLarge = new byte[(int) SIZE_LIMIT * 2];
        Arrays.fill(tooLarge, (byte) 'x');
        AdapterReply refused = postChunked(tooLarge, PROTOCOL_HEADERS);

        assertThat(refused.status()).as("%s", refused).isEqualTo(413);
        assertIsAnErrorAnswer(refused);
    }

    @Test
    void answersErrorsInOneShape() throws Exception {
        byte[] body = recorderRequest("shape", List.of("s"), "", 0).toByteArray();
        assertIsAnErrorAnswer(post(body, Map.of("Content-Type", "text/plain")));
        byte[] tooLarge = new byte[(int) SIZE_LIMIT + 1];
        assertIsAnErrorAnswer(post(tooLarge));
    }

    @Test
    void refusesAWrongContentType() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(refusesWrongContentType());
        byte[] body = recorderRequest("json", List.of("j"), "", 0).toByteArray();
        AdapterReply reply = post(body, Map.of("Content-Type", "application/json"));

        assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
    }

    @Test
    void servesRequestsUpToTheSizeLimitAndRefusesLargerOnes() throws Exception {
        byte[] fits = requestOfSize(SIZE_LIMIT - 64);
        AdapterReply served = post(fits);
        assertThat(served.status()).as("%s", served).isEqualTo(200);

        byte[] tooLarge = new byte[(int) SIZE_LIMIT + 1];
        Arrays.fill(tooLarge, (byte) 'x');
        AdapterReply refused = post(tooLarge);
        assertThat(refused.status()).as("%s", refused).isEqualTo(413);
    }

    @Test
    void answersConcurrentRequestsEachWithItsOwnReply() throws Exception {
        int count = concurrentRequests();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 16));
        try {
            List<Future<FromFunction>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ToFunction request = recorderRequest("c-" + i, List.of("m-" + i), "", i);
                replies.add(pool.submit(() -> invoke(request)));
            }
            for (int i = 0; i < count; i++) {
                FromFunction.InvocationResponse reply =
                        replies.get(i).get(60, TimeUnit.SECONDS).getInvocationResult();
                assertThat(stateValue(reply, "log")).isEqualTo("m-" + i + ";");
                assertThat(FunctionAddress.fromProto(reply.getOutgoingMessages(0).getTarget()))
                        .isEqualTo(peer("c-" + i));
                assertThat(
                                PrimitiveCodecs.decodeString(
                                        reply.getOutgoingMessages(0)
                                                .getArgument()
                                                .getValue()
                                                .toByteArray()))
                        .isEqualTo(i + ":m-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers for subclasses and the tests above ----

    /**
     * The one shape of an error answer on every adapter: one line of UTF-8 plain text that says
     * what is wrong, ended by a newline.
     */
    protected static void assertIsAnErrorAnswer(AdapterReply reply) {
        assertThat(reply.header("Content-Type")).as("%s", reply).isEqualTo(ERROR_CONTENT_TYPE);
        assertThat(reply.text()).as("%s", reply).endsWith("\n");
        assertThat(reply.text().strip()).as("%s", reply).isNotEmpty().doesNotContain("\n");
    }

    /** POSTs with the protocol's headers. */
    protected final AdapterReply post(byte[] body) throws Exception {
        return post(body, PROTOCOL_HEADERS);
    }

    /** POSTs a request, expects a 200 with the protocol content type, and parses the reply. */
    protected final FromFunction invoke(ToFunction request) throws Exception {
        AdapterReply reply = post(request.toByteArray());
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.header("Content-Type")).as("%s", reply).isEqualTo(OCTET_STREAM);
        try {
            return FromFunction.parseFrom(reply.body());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the reply is not a FromFunction: " + reply, e);
        }
    }

    /** A request to the recorder with both its states attached ({@code null}: present, empty). */
    protected static ToFunction recorderRequest(
            String id, List<String> texts, String log, Integer count) {
        List<ToFunction.PersistedValue> states =
                List.of(
                        log == null
                                ? emptyState("log")
                                : state("log", PrimitiveCodecs.stringValue(log)),
                        count == null
                                ? emptyState("count")
                                : state("count", PrimitiveCodecs.intValue(count)));
        return request(
                recorder(id),
                states,
                texts.stream().map(PrimitiveCodecs::stringValue).collect(Collectors.toList()));
    }

    private static ToFunction request(
            FunctionAddress target,
            List<ToFunction.PersistedValue> states,
            List<TypedValue> arguments) {
        ToFunction.InvocationBatchRequest.Builder batch =
                ToFunction.InvocationBatchRequest.newBuilder()
                        .setTarget(target.toProto())
                        .addAllState(states);
        for (TypedValue argument : arguments) {
            batch.addInvocations(ToFunction.Invocation.newBuilder().setArgument(argument));
        }
        return ToFunction.newBuilder().setInvocation(batch).build();
    }

    /** A valid recorder request whose serialized size is {@code size} bytes or a few less. */
    private static byte[] requestOfSize(long size) {
        String pad = "p".repeat((int) size);
        byte[] bytes = recorderRequest("big", List.of(pad), "", 0).toByteArray();
        int over = (int) (bytes.length - size);
        return recorderRequest("big", List.of(pad.substring(over + 8)), "", 0).toByteArray();
    }

    private static ToFunction.PersistedValue state(String name, TypedValue value) {
        return ToFunction.PersistedValue.newBuilder()
                .setStateName(name)
                .setStateValue(value)
                .build();
    }

    private static ToFunction.PersistedValue emptyState(String name) {
        return ToFunction.PersistedValue.newBuilder().setStateName(name).build();
    }

    private static FunctionAddress recorder(String id) {
        return FunctionAddress.of(ConformanceFunctions.NAMESPACE, "recorder", id);
    }

    private static FunctionAddress peer(String id) {
        return FunctionAddress.of(ConformanceFunctions.NAMESPACE, "peer", id);
    }

    private static PersistedValueMutation mutation(
            FromFunction.InvocationResponse reply, String name) {
        return reply.getStateMutationsList().stream()
                .filter(m -> m.getStateName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mutation of " + name + " in " + reply));
    }

    private static String stateValue(FromFunction.InvocationResponse reply, String name) {
        PersistedValueMutation mutation = mutation(reply, name);
        assertThat(mutation.getMutationType()).isEqualTo(MutationType.MODIFY);
        return PrimitiveCodecs.decodeString(mutation.getStateValue().getValue().toByteArray());
    }
}

package dev.ferry.adapters.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.adapters.aws.testing.LambdaFixture;
import dev.ferry.adapters.aws.testing.LambdaRuntimeProcess;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.conformance.AdapterConformanceSuite;
import dev.ferry.protocol.conformance.AdapterReply;
import dev.ferry.protocol.conformance.ConformanceFunctions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The adapter conformance suite through the whole Lambda chain: each request goes as a function URL
 * event (its headers included) through the AWS SDK's Lambda client, the loopback Lambda fixture and
 * the real runtime interface client to {@link FunctionsHandler} loading the suite's functions by
 * name. A function error comes back as a 502, as a function URL reports it.
 */
class LambdaConformanceITCase extends AdapterConformanceSuite {
    private static final Path LOGS = Path.of("target", "lambda-runtime");

    private LambdaFixture fixture;
    private LambdaRuntimeProcess runtime;
    private LambdaAsyncClient client;

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) throws Exception {
        Files.createDirectories(LOGS);
        fixture = new LambdaFixture();
        runtime =
                LambdaRuntimeProcess.start(
                        fixture,
                        FunctionsHandler.class.getName(),
                        LOGS.resolve("conformance.log"),
                        Map.of(
                                AdapterOptions.FUNCTIONS,
                                ConformanceFunctions.class.getName(),
                                AdapterOptions.MAX_REQUEST_BYTES,
                                Long.toString(maxRequestBytes)));
        client =
                LambdaAsyncClient.builder()
                        .endpointOverride(URI.create(fixture.endpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("test", "test")))
                        .build();
    }

    /** A failed function is a Lambda function error, reported by the platform (a 502 here). */
    @Override
    protected boolean answersFunctionFailuresOverHttp() {
        return false;
    }

    @Override
    protected void stopAdapter() {
        if (client != null) {
            client.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        InvokeResponse response =
                client.invoke(
                                request ->
                                        request.functionName("ferry-conformance")
                                                .payload(
                                                        SdkBytes.fromByteArray(
                                                                event(body, headers))))
                        .get(60, TimeUnit.SECONDS);
        if (response.functionError() != null) {
            return new AdapterReply(
                    502,
                    Map.of("content-type", "application/json"),
                    response.payload().asByteArray());
        }
        JsonObject answer =
                JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        Map<String, String> replyHeaders = new HashMap<>();
        for (Map.Entry<String, JsonElement> header : answer.getAsJsonObject("headers").entrySet()) {
            replyHeaders.put(
                    header.getKey().toLowerCase(Locale.ROOT), header.getValue().getAsString());
        }
        String text = answer.get("body").getAsString();
        byte[] replyBody =
                answer.get("isBase64Encoded").getAsBoolean()
                        ? Base64.getDecoder().decode(text)
                        : text.getBytes(StandardCharsets.UTF_8);
        return new AdapterReply(answer.get("statusCode").getAsInt(), replyHeaders, replyBody);
    }

    /** A function URL event (payload format 2.0) carrying {@code body} and {@code headers}. */
    private static byte[] event(byte[] body, Map<String, String> headers) {
        JsonObject http = new JsonObject();
        http.addProperty("method", "POST");
        http.addProperty("path", "/");
        http.addProperty("protocol", "HTTP/1.1");
        http.addProperty("sourceIp", "127.0.0.1");
        JsonObject context = new JsonObject();
        context.add("http", http);
        context.addProperty("routeKey", "$default");
        JsonObject eventHeaders = new JsonObject();
        headers.forEach(
                (name, value) -> eventHeaders.addProperty(name.toLowerCase(Locale.ROOT), value));
        JsonObject event = new JsonObject();
        event.addProperty("version", "2.0");
        event.addProperty("routeKey", "$default");
        event.addProperty("rawPath", "/");
        event.add("headers", eventHeaders);
        event.add("requestContext", context);
        event.addProperty("body", Base64.getEncoder().encodeToString(body));
        event.addProperty("isBase64Encoded", true);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}

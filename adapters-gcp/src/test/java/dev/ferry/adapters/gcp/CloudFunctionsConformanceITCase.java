package dev.ferry.adapters.gcp;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.conformance.AdapterConformanceSuite;
import dev.ferry.protocol.conformance.AdapterReply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The adapter conformance suite against the adapter as Cloud Functions runs it: the real Functions
 * Framework invoker in a child process, the size limit from {@code FERRY_MAX_REQUEST_BYTES}.
 */
class CloudFunctionsConformanceITCase extends AdapterConformanceSuite {
    private FunctionsFrameworkProcess function;
    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    protected void startAdapter(RemoteHandler functions, long maxRequestBytes) throws Exception {
        List<String> classPath =
                new java.util.ArrayList<>(FerryHttpFunctionITCase.FUNCTION_CLASS_PATH);
        classPath.add("protocol/target/test-classes");
        function =
                FunctionsFrameworkProcess.start(
                        ConformanceHttpFunction.class.getName(),
                        classPath,
                        AdapterOptions.MAX_REQUEST_BYTES,
                        Long.toString(maxRequestBytes));
    }

    @Override
    protected void stopAdapter() throws Exception {
        if (function != null) {
            function.close();
        }
    }

    @Override
    protected AdapterReply post(byte[] body, Map<String, String> headers) throws Exception {
        return send(HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    /** A body publisher of unknown length: the JDK client sends it chunked. */
    @Override
    protected AdapterReply postChunked(byte[] body, Map<String, String> headers) throws Exception {
        return send(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                headers);
    }

    private AdapterReply send(HttpRequest.BodyPublisher body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(function.url())).POST(body);
        headers.forEach(request::header);
        HttpResponse<byte[]> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> lowerCase = new HashMap<>();
        response.headers()
                .map()
                .forEach(
                        (name, values) ->
                                lowerCase.put(
                                        name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return new AdapterReply(response.statusCode(), lowerCase, response.body());
    }
}

package dev.ferry.adapters.gcp;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.ferry.protocol.PayloadLimits;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.adapter.AdapterOptions;
import dev.ferry.protocol.adapter.ProtocolAnswer;
import dev.ferry.protocol.adapter.ProtocolError;
import dev.ferry.protocol.adapter.ProtocolExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Google Cloud Functions {@code HttpFunction} that serves the StateFun request-reply protocol:
 * the body of a POST is handed to a {@link RemoteHandler} and its reply goes back as {@code
 * application/octet-stream}.
 *
 * <p>Extend it with a public no-argument constructor, which the Functions Framework calls once per
 * instance:
 *
 * <pre>{@code
 * public final class Greeter extends FerryHttpFunction {
 *     public Greeter() {
 *         super(StatefulFunctionsHandler.of(new StatefulFunctions().withStatefulFunction(...)));
 *     }
 * }
 * }</pre>
 *
 * <p>Requests are taken and refused by the rules every adapter shares ({@link ProtocolExchange}):
 * anything but a POST is answered 405, a body of another type than {@code application/octet-stream}
 * (none is fine) 415, a body over the size limit 413, a request that is not a {@code ToFunction}
 * 400, and a failed function 500 whose exception goes to the log: never a 200, so the runtime
 * retries the batch instead of taking a failure for a reply.
 */
public abstract class FerryHttpFunction implements HttpFunction {
    private final ProtocolExchange exchange;

    /** Serves {@code handler} with the size limit from {@code FERRY_MAX_REQUEST_BYTES} or 32 MB. */
    protected FerryHttpFunction(RemoteHandler handler) {
        this(handler, AdapterOptions.fromEnvironment(System.getenv()).maxRequestBytes());
    }

    /** Serves {@code handler}, refusing requests over {@code maxRequestBytes}. */
    protected FerryHttpFunction(RemoteHandler handler, long maxRequestBytes) {
        this.exchange = new ProtocolExchange(handler, maxRequestBytes, null);
    }

    @Override
    public final void service(HttpRequest request, HttpResponse response) throws IOException {
        ProtocolAnswer answer =
                exchange.serve(
                        request.getMethod(),
                        name -> request.getFirstHeader(name).orElse(null),
                        request::getInputStream);
        // Cloud Functions (2nd gen) replies are limited as requests are: a larger reply is answered
        // 500 here, with a clear message.
        if (answer.isReply() && answer.body().length > PayloadLimits.HTTP_MAX_PAYLOAD_BYTES) {
            answer =
                    ProtocolError.replyTooLarge(
                                    answer.body().length, PayloadLimits.HTTP_MAX_PAYLOAD_BYTES)
                            .answer();
        }
        if (!answer.isReply() && answer.status() < 500) {
            // Refused before the body was read to its end: a client must not send its next
            // request on this connection, which the server is about to drop.
            response.appendHeader("Connection", "close");
        }
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.appendHeader(header.getKey(), header.getValue());
        }
        response.setStatusCode(answer.status());
        response.setContentType(answer.contentType());
        response.appendHeader("Content-Length", Integer.toString(answer.body().length));
        try (OutputStream out = response.getOutputStream()) {
            out.write(answer.body());
        }
    }
}

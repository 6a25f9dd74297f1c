package dev.ferry.protocol;

/**
 * The largest request (and reply) each platform carries, in bytes: the defaults of the endpoints
 * the runtime calls and of the adapters that serve them, kept in one place so both sides agree.
 */
public final class PayloadLimits {
    /**
     * AWS Lambda: 6 MB for a synchronous (RequestResponse) invocation's request payload, and the
     * same for its response. AWS documents it under "Lambda quotas", "Invocation payload (request
     * and response)".
     */
    public static final long LAMBDA_MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;

    /**
     * HTTP endpoints and Cloud Functions: 32 MiB. It is StateFun's default bound of a request or
     * response of its HTTP transport ({@code transport.payload_max_bytes}) and the HTTP request and
     * response limit of Cloud Functions (2nd gen), which Google documents under "Cloud Functions
     * quotas", "Max HTTP request size" and "Max HTTP response size".
     */
    public static final long HTTP_MAX_PAYLOAD_BYTES = 32L * 1024 * 1024;

    private PayloadLimits() {}
}

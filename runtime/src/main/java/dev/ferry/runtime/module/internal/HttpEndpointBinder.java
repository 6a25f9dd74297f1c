package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.http.HttpEndpointConfig.TlsConfig;
import dev.ferry.invokers.http.TlsMaterial;
import dev.ferry.runtime.module.AddressBatching;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.HttpEndpointSpec;
import dev.ferry.runtime.module.HttpEndpointSpec.Transport;
import dev.ferry.runtime.module.HttpEndpointSpec.TransportType;
import java.time.Duration;

/**
 * {@code io.statefun.endpoints.v1/http} (timeouts under {@code spec.timeouts}, always okhttp) and
 * {@code io.statefun.endpoints.v2/http} (a pluggable {@code transport}, async by default).
 */
final class HttpEndpointBinder implements KindBinder {
    private final String kind;
    private final boolean v2;

    /** The binder of {@code kind}, one of the two HTTP endpoint kinds. */
    HttpEndpointBinder(String kind) {
        this.kind = kind;
        this.v2 = kind.equals(HttpEndpointSpec.KIND_V2);
    }

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        FunctionPattern functions = EndpointBasicsReader.functions(spec);
        String url = EndpointBasicsReader.urlTemplate(spec, "urlPathTemplate");
        int maxBatch = EndpointBasicsReader.maxNumBatchRequests(spec);
        AddressBatching batching = EndpointBasicsReader.addressBatching(spec);
        Transport transport = v2 ? transport(spec.object("transport")) : okHttp(spec);
        RetryReader.readLastAndBind(
                spec,
                parts,
                functions != null && url != null && transport != null,
                retry ->
                        new HttpEndpointSpec(
                                kind, functions, url, maxBatch, transport, retry, batching));
    }

    private Transport transport(SpecReader transport) {
        TransportType type =
                transport.choice(
                        "type",
                        Choices.ordered(
                                TransportType.ASYNC.typeName(), TransportType.ASYNC,
                                TransportType.OKHTTP.typeName(), TransportType.OKHTTP),
                        TransportType.ASYNC);
        Transport result = type == TransportType.OKHTTP ? okHttp(transport) : async(transport);
        transport.finish();
        return result;
    }

    /** The async transport: top-level call/connect, or a nested timeouts object that wins. */
    private Transport async(SpecReader transport) {
        Transport d = Transport.asyncDefaults();
        Duration call = transport.optDuration("call", d.call());
        Duration connect = transport.optDuration("connect", d.connect());
        if (transport.has("timeouts")) {
            SpecReader timeouts = transport.object("timeouts");
            call = timeouts.optDuration("call", Duration.ofMinutes(1));
            connect = timeouts.optDuration("connect", Duration.ofSeconds(10));
            timeouts.finish();
        }
        transport.positive("call", call);
        transport.positive("connect", connect);
        Duration poolTtl = transport.optDuration("pool_ttl", d.poolTtl());
        int poolSize = transport.optInt("pool_size", d.poolSize());
        transport.positive("pool_size", poolSize, "a positive number of connections");
        long payloadMax = transport.optLong("payload_max_bytes", d.payloadMaxBytes());
        transport.positive("payload_max_bytes", payloadMax, "a positive number of bytes");
        String trust = transport.optString("trust_cacerts", null);
        String cert = transport.optString("client_cert", null);
        String key = transport.optString("client_key", null);
        String password = transport.optString("client_key_password", null);
        if ((cert == null) != (key == null)) {
            transport.problem(
                    cert == null ? "client_key" : "client_cert",
                    "client_cert and client_key must be given together in " + transport.path(),
                    "both (mutual TLS) or neither");
        }
        if (password != null && key == null) {
            transport.problem(
                    "client_key_password",
                    "client_key_password without client_key in " + transport.path(),
                    "client_key as well");
        } else if ((cert == null) == (key == null) && (trust != null || cert != null)) {
            checkTlsMaterial(transport, new TlsConfig(trust, cert, key, password));
        }
        return new Transport(
                TransportType.ASYNC,
                call,
                connect,
                null,
                null,
                poolTtl,
                poolSize,
                payloadMax,
                trust,
                cert,
                key,
                password);
    }

    /**
     * The files exist, the certificates parse and the key decrypts: material that cannot work stops
     * the start here, with its line, rather than failing every invocation of the job.
     */
    private static void checkTlsMaterial(SpecReader transport, TlsConfig tls) {
        for (TlsMaterial.Problem problem : TlsMaterial.check(tls)) {
            transport.problem(
                    problem.setting(),
                    transport.path() + "." + problem.message(),
                    problem.expected());
        }
    }

    /** The okhttp transport: {@code timeouts.{call,connect,read,write}}, each at most call. */
    private Transport okHttp(SpecReader owner) {
        Transport d = Transport.okHttpDefaults();
        SpecReader timeouts = owner.object("timeouts");
        Duration call = timeouts.optPositiveDuration("call", d.call());
        Duration connect = timeouts.optPositiveDuration("connect", d.connect());
        Duration read = timeouts.optPositiveDuration("read", d.read());
        Duration write = timeouts.optPositiveDuration("write", d.write());
        // Each of connect, read and write must fit in the call budget (StateFun's rule).
        if (call != null && !call.isZero() && !call.isNegative()) {
            atMostCall(timeouts, "connect", connect, call);
            atMostCall(timeouts, "read", read, call);
            atMostCall(timeouts, "write", write, call);
        }
        timeouts.finish();
        return Transport.okHttp(call, connect, read, write);
    }

    private static void atMostCall(SpecReader timeouts, String key, Duration value, Duration call) {
        if (value != null && value.compareTo(call) > 0) {
            timeouts.problem(
                    key,
                    timeouts.path()
                            + "."
                            + key
                            + " ("
                            + value
                            + ") is longer than call ("
                            + call
                            + ")",
                    "at most the call timeout");
        }
    }
}

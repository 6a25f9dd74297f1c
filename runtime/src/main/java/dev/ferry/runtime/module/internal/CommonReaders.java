package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.module.AwsRegion;
import dev.ferry.runtime.module.BadRecordPolicy;
import dev.ferry.runtime.module.EndpointSpec;
import dev.ferry.runtime.module.FunctionPattern;
import dev.ferry.runtime.module.IngressRoute;
import dev.ferry.runtime.module.RetrySpec;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Readers for the shapes several kinds share. */
final class CommonReaders {
    /** StateFun's date format for startup positions. */
    static final DateTimeFormatter STARTUP_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS Z");

    private CommonReaders() {}

    static FunctionPattern functions(SpecReader spec) {
        String text = spec.string("functions");
        if (text == null) {
            return null;
        }
        try {
            return FunctionPattern.parse(text);
        } catch (IllegalArgumentException e) {
            spec.problem("functions", e.getMessage(), "<namespace>/<name> or <namespace>/*");
            return null;
        }
    }

    static String urlTemplate(SpecReader spec, String key) {
        String url = spec.string(key);
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            spec.problem(
                    key,
                    spec.path() + "." + key + " '" + url + "' is not an http(s) URL",
                    "a URL starting with http:// or https://, optionally with {function.name}");
            return null;
        }
        return url;
    }

    static int maxNumBatchRequests(SpecReader spec) {
        return spec.optInt("maxNumBatchRequests", 1000);
    }

    /** The call and connect timeouts of an HTTP-based endpoint. */
    record Timeouts(Duration call, Duration connect) {}

    /** {@code spec.timeouts: {call, connect}}, defaults 1 min and 10 s, both above zero. */
    static Timeouts callAndConnect(SpecReader spec) {
        SpecReader timeouts = spec.object("timeouts");
        Duration call =
                positive(
                        timeouts,
                        "call",
                        timeouts.optDuration("call", EndpointSpec.DEFAULT_CALL_TIMEOUT));
        Duration connect =
                positive(
                        timeouts,
                        "connect",
                        timeouts.optDuration("connect", EndpointSpec.DEFAULT_CONNECT_TIMEOUT));
        timeouts.finish();
        return new Timeouts(call, connect);
    }

    /** {@code spec.maxRequestBytes}: a positive size, at most what the platform allows. */
    static long maxRequestBytes(SpecReader spec, long defaultBytes, String platformLimit) {
        long bytes = spec.optLong("maxRequestBytes", defaultBytes);
        if (bytes <= 0) {
            spec.problem(
                    "maxRequestBytes",
                    spec.path() + ".maxRequestBytes is " + bytes,
                    "a positive number of bytes (" + platformLimit + ")");
        }
        return bytes;
    }

    static Duration positive(SpecReader spec, String key, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            spec.problem(key, spec.path() + "." + key + " is " + value, "a duration above zero");
        }
        return value;
    }

    static RetrySpec retry(SpecReader parent) {
        RetrySpec defaults = RetrySpec.defaults();
        SpecReader retry = parent.object("retry");
        Duration initial =
                positive(
                        retry,
                        "initialBackoff",
                        retry.optDuration("initialBackoff", defaults.initialBackoff()));
        Duration max =
                positive(
                        retry,
                        "maxBackoff",
                        retry.optDuration("maxBackoff", defaults.maxBackoff()));
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            if (retry.has("maxBackoff")) {
                retry.problem(
                        "maxBackoff",
                        retry.path() + ".maxBackoff " + max + " is below initialBackoff " + initial,
                        "a maxBackoff of at least initialBackoff");
            } else {
                // Only the first delay was raised: the cap follows it rather than contradicting it.
                max = initial;
            }
        }
        double multiplier = retry.optDouble("multiplier", defaults.multiplier(), 1.0, 100.0);
        double jitter = retry.optDouble("jitter", defaults.jitter(), 0.0, 1.0);
        int maxAttempts = retry.optInt("maxAttempts", 0);
        if (maxAttempts < 0) {
            retry.problem(
                    "maxAttempts",
                    retry.path() + ".maxAttempts is negative",
                    "0 (no limit) or more");
        }
        Duration deadline = positive(retry, "deadline", retry.optDuration("deadline", null));
        Set<Integer> statuses = new HashSet<>(defaults.retryableStatuses());
        if (retry.has("retryableStatuses")) {
            statuses.clear();
            statuses.addAll(
                    retry.listOf(
                            "retryableStatuses",
                            false,
                            item -> {
                                String text = retry.stringValue(item.node(), item.path());
                                try {
                                    int status = Integer.parseInt(text);
                                    if (status >= 100 && status <= 599) {
                                        return status;
                                    }
                                } catch (NumberFormatException e) {
                                    // reported below
                                }
                                if (text != null) {
                                    retry.problems()
                                            .at(
                                                    item.node(),
                                                    item.path()
                                                            + " '"
                                                            + text
                                                            + "' is not an HTTP status",
                                                    "a number from 100 to 599");
                                }
                                return null;
                            }));
        }
        RetrySpec.OnExhausted onExhausted =
                retry.choice(
                        "onExhausted",
                        orderedMap(
                                "fail",
                                RetrySpec.OnExhausted.FAIL,
                                "dead-letter",
                                RetrySpec.OnExhausted.DEAD_LETTER),
                        RetrySpec.OnExhausted.FAIL);
        TypeName deadLetter = retry.optTypeName("deadLetterEgress");
        if (onExhausted == RetrySpec.OnExhausted.DEAD_LETTER
                && deadLetter == null
                && !retry.has("deadLetterEgress")) {
            retry.problems()
                    .at(
                            retry.node() == null ? parent.node() : retry.node(),
                            "onExhausted: dead-letter needs deadLetterEgress in " + retry.path(),
                            "deadLetterEgress: <namespace>/<name> of a declared egress");
        }
        if (onExhausted == RetrySpec.OnExhausted.FAIL && deadLetter != null) {
            retry.problem(
                    "deadLetterEgress",
                    retry.path() + ".deadLetterEgress is set but onExhausted is fail",
                    "onExhausted: dead-letter, or no deadLetterEgress");
        }
        retry.finish();
        return new RetrySpec(
                initial,
                max,
                multiplier,
                jitter,
                maxAttempts,
                deadline,
                statuses,
                onExhausted,
                deadLetter);
    }

    /** The node of {@code retry.deadLetterEgress}, for module-wide checks. */
    static Node deadLetterNode(SpecReader spec) {
        Node retry = spec.value("retry");
        if (retry == null) {
            return spec.node();
        }
        Node egress = SpecReader.lookup(retry, "deadLetterEgress");
        return egress == null ? retry : egress;
    }

    /** An ingress's {@code onBadRecord} and {@code deadLetterEgress}. */
    static BadRecordPolicy badRecords(SpecReader spec) {
        BadRecordPolicy.Action action =
                spec.choice(
                        "onBadRecord",
                        orderedMap(
                                "fail",
                                BadRecordPolicy.Action.FAIL,
                                "dead-letter",
                                BadRecordPolicy.Action.DEAD_LETTER),
                        BadRecordPolicy.Action.FAIL);
        TypeName egress = spec.optTypeName("deadLetterEgress");
        if (action == BadRecordPolicy.Action.DEAD_LETTER) {
            if (egress == null) {
                if (!spec.has("deadLetterEgress")) {
                    spec.problem(
                            "onBadRecord",
                            "onBadRecord: dead-letter needs deadLetterEgress in " + spec.path(),
                            "deadLetterEgress: <namespace>/<name> of a declared egress");
                }
                return BadRecordPolicy.fail();
            }
            return BadRecordPolicy.deadLetter(egress);
        }
        if (egress != null) {
            spec.problem(
                    "deadLetterEgress",
                    spec.path() + ".deadLetterEgress is set but onBadRecord is fail",
                    "onBadRecord: dead-letter, or no deadLetterEgress");
        }
        return BadRecordPolicy.fail();
    }

    /** The node of an ingress's {@code deadLetterEgress}, for module-wide checks. */
    static Node badRecordsNode(SpecReader spec) {
        Node egress = spec.value("deadLetterEgress");
        return egress == null ? spec.node() : egress;
    }

    static List<IngressRoute> routes(SpecReader spec, String listKey, String sourceKey) {
        Map<String, IngressRoute> bySource = new LinkedHashMap<>();
        List<IngressRoute> routes =
                spec.listOf(
                        listKey,
                        true,
                        item -> {
                            SpecReader route =
                                    SpecReader.of(item.node(), item.path(), spec.problems());
                            String source = route.string(sourceKey);
                            String valueType = route.string("valueType");
                            if (valueType != null) {
                                route.typeNameValue(
                                        route.value("valueType"), item.path() + ".valueType");
                            }
                            List<TypeName> targets = route.typeNames("targets", true);
                            route.finish();
                            return source == null || valueType == null
                                    ? null
                                    : new IngressRoute(source, valueType, targets);
                        });
        // Routing is keyed by source: a source named twice keeps its last route (StateFun's rule).
        routes.forEach(r -> bySource.put(r.source(), r));
        return List.copyOf(bySource.values());
    }

    static AwsRegion awsRegion(SpecReader parent) {
        SpecReader region = parent.object("awsRegion");
        AwsRegion.Type type =
                region.choice(
                        "type",
                        orderedMap(
                                "default",
                                AwsRegion.Type.DEFAULT,
                                "specific",
                                AwsRegion.Type.SPECIFIC,
                                "custom-endpoint",
                                AwsRegion.Type.CUSTOM_ENDPOINT),
                        AwsRegion.Type.DEFAULT);
        String id = null;
        String endpoint = null;
        if (type == AwsRegion.Type.SPECIFIC || type == AwsRegion.Type.CUSTOM_ENDPOINT) {
            id = region.string("id");
        }
        if (type == AwsRegion.Type.CUSTOM_ENDPOINT) {
            endpoint = region.string("endpoint");
        }
        region.finish();
        return new AwsRegion(type, id, endpoint);
    }

    /** StateFun's Kinesis credentials: default, basic or profile. */
    static AwsCredentials kinesisCredentials(SpecReader parent) {
        SpecReader credentials = parent.object("awsCredentials");
        AwsCredentials.Type type =
                credentials.choice(
                        "type",
                        orderedMap(
                                "default",
                                AwsCredentials.Type.DEFAULT,
                                "basic",
                                AwsCredentials.Type.STATIC,
                                "profile",
                                AwsCredentials.Type.PROFILE),
                        AwsCredentials.Type.DEFAULT);
        return awsCredentialsOfType(credentials, type);
    }

    /** Ferry's Lambda credentials: default, static, profile or assume-role. */
    static AwsCredentials lambdaCredentials(SpecReader parent) {
        SpecReader credentials = parent.object("credentials");
        AwsCredentials.Type type =
                credentials.choice(
                        "type",
                        orderedMap(
                                "default", AwsCredentials.Type.DEFAULT,
                                "static", AwsCredentials.Type.STATIC,
                                "profile", AwsCredentials.Type.PROFILE,
                                "assume-role", AwsCredentials.Type.ASSUME_ROLE),
                        AwsCredentials.Type.DEFAULT);
        return awsCredentialsOfType(credentials, type);
    }

    private static AwsCredentials awsCredentialsOfType(
            SpecReader credentials, AwsCredentials.Type type) {
        String accessKeyId = null;
        String secret = null;
        String sessionToken = null;
        String profileName = null;
        String profilePath = null;
        String roleArn = null;
        String sessionName = null;
        String externalId = null;
        switch (type) {
            case STATIC -> {
                accessKeyId = credentials.string("accessKeyId");
                secret = credentials.string("secretAccessKey");
                sessionToken = credentials.optString("sessionToken", null);
            }
            case PROFILE -> {
                profileName = credentials.string("profileName");
                profilePath = credentials.optString("profilePath", null);
            }
            case ASSUME_ROLE -> {
                roleArn = credentials.string("roleArn");
                sessionName = credentials.optString("sessionName", null);
                externalId = credentials.optString("externalId", null);
            }
            case DEFAULT -> {
                // nothing else to read
            }
        }
        credentials.finish();
        return new AwsCredentials(
                type,
                accessKeyId,
                secret,
                sessionToken,
                profileName,
                profilePath,
                roleArn,
                sessionName,
                externalId);
    }

    static ZonedDateTime startupDate(SpecReader position) {
        String text = position.string("date");
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, STARTUP_DATE);
        } catch (DateTimeParseException e) {
            position.problem(
                    "date",
                    position.path() + ".date '" + text + "' is not a date",
                    "yyyy-MM-dd HH:mm:ss.SSS Z, e.g. 2020-02-01 04:15:00.000 +0000");
            return null;
        }
    }

    /** A map that keeps the order its options are listed in, for error messages. */
    static <E> Map<String, E> orderedMap(Object... keysAndValues) {
        Map<String, E> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            E value = (E) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value);
        }
        return map;
    }
}

package dev.ferry.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code examples/knative/service.yaml} is a Knative Serving v1 {@code Service} (checked against
 * the schema in {@code src/test/resources/knative}, see its {@code $comment}) that runs these
 * functions with every variable they read, and {@code examples/knative/module.yaml} reaches it at
 * its cluster-local address with a call timeout below the Service's request timeout.
 */
class KnativeServiceManifestTest {
    private static final Path EXAMPLE = Path.of("..", "knative");
    private static final Path SCHEMA =
            Path.of("src", "test", "resources", "knative", "serving-v1.23.0-service.schema.json");

    private static JsonObject service;
    private static JsonObject container;
    private static Map<String, String> env;
    private static JsonObject endpoint;

    @BeforeAll
    static void read() throws Exception {
        service = yaml(EXAMPLE.resolve("service.yaml"));
        JsonArray containers =
                service.getJsonObject("spec")
                        .getJsonObject("template")
                        .getJsonObject("spec")
                        .getJsonArray("containers");
        assertThat(containers).hasSize(1);
        container = containers.getJsonObject(0);
        env = new HashMap<>();
        container
                .getJsonArray("env")
                .forEach(
                        variable ->
                                env.put(
                                        ((JsonObject) variable).getString("name"),
                                        ((JsonObject) variable).getString("value")));
        endpoint =
                (JsonObject)
                        JsonSchemas.toJson(
                                PlatformModulesTest.documents(EXAMPLE.resolve("module.yaml"))
                                        .get(0));
    }

    @Test
    void theManifestIsAKnativeServingService() throws Exception {
        OutputUnit result = validator().validate(service);

        assertThat(result.getValid()).as("%s", result.getErrors()).isTrue();
    }

    @Test
    void theSchemaRefusesAMistypedKey() throws Exception {
        JsonObject mistyped = service.copy();
        JsonObject revision =
                mistyped.getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
        revision.put("containerconcurrency", revision.remove("containerConcurrency"));

        assertThat(validator().validate(mistyped).getValid()).isFalse();
    }

    @Test
    void itRunsTheImageTheKnativeImageProfileBuilds() {
        String image = System.getProperty("knative.image");
        assertThat(image).as("the pom passes knative.image").isNotBlank();
        assertThat(container.getString("image")).isEqualTo(image);
    }

    @Test
    void itRunsTheseFunctionsWithEveryVariableTheyRead() throws Exception {
        String functions = env.get("FERRY_FUNCTIONS");
        assertThat(functions).isEqualTo(FraudFunctionsSupplier.class.getName());
        Object supplier = Class.forName(functions).getConstructor().newInstance();
        assertThat(((Supplier<?>) supplier).get()).isInstanceOf(StatefulFunctions.class);

        assertThat(env).containsKey(FraudFunctionsSupplier.MERCHANT_TRUST_URL);
        assertThat(URI.create(env.get(FraudFunctionsSupplier.MERCHANT_TRUST_URL)).getPath())
                .endsWith("/");
    }

    @Test
    void theModuleCallsTheServiceAtItsClusterLocalAddress() {
        JsonObject metadata = service.getJsonObject("metadata");
        assertThat(endpoint.getString("kind")).isEqualTo("ferry.endpoints.v1/knative");
        JsonObject spec = endpoint.getJsonObject("spec");
        URI url = URI.create(spec.getString("urlPathTemplate").replace("{function.name}", "x"));

        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getHost())
                .isEqualTo(
                        metadata.getString("name")
                                + "."
                                + metadata.getString("namespace")
                                + ".svc.cluster.local");
        assertThat(spec.containsKey("hostTemplate"))
                .as("no Host override: Knative serves the cluster-local name itself")
                .isFalse();
        assertThat(metadata.getJsonObject("labels").getString("networking.knative.dev/visibility"))
                .isEqualTo("cluster-local");
    }

    @Test
    void timeoutsNest() {
        int timeoutSeconds =
                service.getJsonObject("spec")
                        .getJsonObject("template")
                        .getJsonObject("spec")
                        .getInteger("timeoutSeconds");
        Duration call =
                duration(
                        endpoint.getJsonObject("spec").getJsonObject("timeouts").getString("call"));
        int drain = Integer.parseInt(env.get("FERRY_DRAIN_TIMEOUT_SECONDS"));

        assertThat(Duration.ofSeconds(timeoutSeconds))
                .as("timeoutSeconds above the endpoint's call timeout")
                .isGreaterThan(call);
        assertThat(drain)
                .as("draining ends within the termination grace period (timeoutSeconds)")
                .isLessThan(timeoutSeconds);
        assertThat(container.getJsonArray("ports").getJsonObject(0).getString("name"))
                .isEqualTo("h2c");
    }

    private static Validator validator() throws Exception {
        return JsonSchemas.validator(SCHEMA, Draft.DRAFT202012);
    }

    /**
     * A duration as module files write the ones used here: {@code 2m}, {@code 90s}, {@code 1 min}.
     */
    private static Duration duration(String text) {
        Matcher matcher = Pattern.compile("(\\d+)\\s*(s|m|min)").matcher(text.trim());
        assertThat(matcher.matches()).as("a duration in seconds or minutes: %s", text).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("s")
                ? Duration.ofSeconds(amount)
                : Duration.ofMinutes(amount);
    }

    private static JsonObject yaml(Path file) throws Exception {
        Object document =
                new Load(LoadSettings.builder().setLabel(file.toString()).build())
                        .loadFromString(Files.readString(file));
        return (JsonObject) JsonSchemas.toJson(document);
    }
}

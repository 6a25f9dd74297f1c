package dev.ferry.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/aws-lambda/template.yaml} deploys exactly the zip this build makes, with the
 * handler, alias and function name that {@code examples/aws-lambda/module.yaml} and the runtime's
 * IAM policy name, and keeps to the rules of SAM's own schema for its Globals and function (the
 * subset in {@code src/test/resources/sam}, see its {@code $comment}). Runs after the package phase
 * (pre-integration-test), once the zip exists.
 */
class LambdaTemplateTest {
    private static final Path EXAMPLE = Path.of("..", "aws-lambda");
    private static final Path TEMPLATE = EXAMPLE.resolve("template.yaml");
    private static final Path SAM_SCHEMA =
            Path.of("src", "test", "resources", "sam", "sam-function-subset.schema.json");

    private static Map<String, Object> template;

    private static Map<String, Object> function;
    private static Map<String, Object> globals;
    private static Map<String, Object> endpoint;

    @BeforeAll
    static void read() throws Exception {
        template = CloudFormationYaml.read(TEMPLATE);
        Map<String, Object> resources = map(template, "Resources");
        assertThat(resources).as("Resources of %s", TEMPLATE).containsKey("FraudFunctions");
        function = map(map(resources, "FraudFunctions"), "Properties");
        globals = map(map(template, "Globals"), "Function");
        Map<String, Object> module =
                PlatformModulesTest.documents(EXAMPLE.resolve("module.yaml")).get(0);
        assertThat(module.get("kind")).isEqualTo("ferry.endpoints.v1/lambda");
        endpoint = map(module, "spec");
    }

    @Test
    void theTemplateKeepsToSamsSchema() throws Exception {
        OutputUnit result = samSchema().validate(JsonSchemas.toJson(template));

        assertThat(result.getValid()).as("%s against SAM's schema: %s", TEMPLATE, result).isTrue();
    }

    @Test
    void samsSchemaRefusesAMistypedPropertyOfTheFunctionAndOfItsGlobals() throws Exception {
        var resourceTypo = (io.vertx.core.json.JsonObject) JsonSchemas.toJson(template);
        var properties =
                resourceTypo
                        .getJsonObject("Resources")
                        .getJsonObject("FraudFunctions")
                        .getJsonObject("Properties");
        properties.put("SnapStrat", properties.remove("SnapStart"));
        var globalsTypo = (io.vertx.core.json.JsonObject) JsonSchemas.toJson(template);
        var globalFunction = globalsTypo.getJsonObject("Globals").getJsonObject("Function");
        globalFunction.put("Timout", globalFunction.remove("Timeout"));

        assertThat(samSchema().validate(resourceTypo).getValid()).isFalse();
        assertThat(samSchema().validate(globalsTypo).getValid()).isFalse();
    }

    @Test
    void codeUriIsALiteralPathToTheZipThisBuildMakes() throws Exception {
        assertThat(function.get("CodeUri"))
                .as("CodeUri must be a literal path: SAM uploads only those")
                .isInstanceOf(String.class);
        Path codeUri = TEMPLATE.getParent().resolve((String) function.get("CodeUri"));
        assertThat(Files.isSameFile(codeUri, LambdaPackage.zip()))
                .as("CodeUri %s is the built zip %s", codeUri, LambdaPackage.zip())
                .isTrue();
    }

    @Test
    void theHandlerAndTheFunctionsClassAreInTheZip() throws Exception {
        String handler = (String) function.get("Handler");
        assertThat(handler).endsWith("::handleRequest");
        String handlerClass = handler.substring(0, handler.indexOf("::"));
        assertThat(LambdaPackage.containsClass(LambdaPackage.zip(), handlerClass))
                .as("%s in %s", handlerClass, LambdaPackage.zip())
                .isTrue();
        String functions =
                (String) map(map(function, "Environment"), "Variables").get("FERRY_FUNCTIONS");
        assertThat(functions).isEqualTo(FraudFunctionsSupplier.class.getName());
        assertThat(LambdaPackage.containsClass(LambdaPackage.zip(), functions)).isTrue();
    }

    @Test
    void theZipHasLambdasJavaLayoutAndNoServerOrFlinkLibrary() throws Exception {
        List<String> entries = LambdaPackage.entries(LambdaPackage.zip());

        assertThat(entries)
                .contains(FraudFunctionsSupplier.class.getName().replace('.', '/') + ".class");
        List<String> jars =
                entries.stream()
                        .filter(name -> name.startsWith("lib/") && name.endsWith(".jar"))
                        .map(name -> name.substring("lib/".length()))
                        .toList();
        assertThat(jars)
                .allSatisfy(
                        jar ->
                                assertThat(jar)
                                        .matches(
                                                "(ferry-adapters-aws|ferry-protocol|statefun-sdk-java"
                                                        + "|protobuf-java|gson|aws-lambda-java-core"
                                                        + "|crac|error_prone_annotations|auto-service-annotations"
                                                        + ")-[0-9].*\\.jar"));
        assertThat(jars)
                .anyMatch(jar -> jar.startsWith("ferry-adapters-aws-"))
                .anyMatch(jar -> jar.startsWith("ferry-protocol-"))
                .anyMatch(jar -> jar.startsWith("statefun-sdk-java-"))
                .noneMatch(jar -> jar.matches("(?i).*(vertx|netty|flink).*"));
    }

    @Test
    void java21WithSnapStartOnAnAliasAndReservedConcurrency() {
        Object runtime = function.getOrDefault("Runtime", globals.get("Runtime"));
        assertThat(runtime).isEqualTo("java21");
        assertThat(map(function, "SnapStart")).containsEntry("ApplyOn", "PublishedVersions");
        assertThat(function.get("AutoPublishAlias")).isInstanceOf(String.class);
        assertThat(function).containsKey("ReservedConcurrentExecutions");
    }

    @Test
    void theModuleFileCallsTheTemplatesFunctionThroughItsAlias() {
        assertThat(endpoint.get("functionName")).isEqualTo(function.get("FunctionName"));
        assertThat(endpoint.get("qualifier")).isEqualTo(function.get("AutoPublishAlias"));
        int functionTimeout = ((Number) globals.get("Timeout")).intValue();
        String callTimeout = (String) endpoint.get("timeout");
        assertThat(callTimeout).matches("[0-9]+s");
        assertThat(Integer.parseInt(callTimeout.replace("s", "")))
                .as("the endpoint's timeout is at most the function's Timeout")
                .isLessThanOrEqualTo(functionTimeout);
    }

    @Test
    void theRuntimePolicyGrantsInvokeOnTheAliasOnly() throws Exception {
        JsonObject policy =
                JsonParser.parseString(Files.readString(EXAMPLE.resolve("runtime-policy.json")))
                        .getAsJsonObject();
        assertThat(policy.getAsJsonArray("Statement")).hasSize(1);
        JsonObject statement = policy.getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
        assertThat(statement.get("Action").getAsString()).isEqualTo("lambda:InvokeFunction");
        assertThat(statement.get("Resource").getAsString())
                .isEqualTo(
                        "arn:aws:lambda:REGION:ACCOUNT_ID:function:"
                                + function.get("FunctionName")
                                + ":"
                                + function.get("AutoPublishAlias"));
    }

    private static Validator samSchema() throws Exception {
        return JsonSchemas.validator(SAM_SCHEMA, Draft.DRAFT4);
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).as("%s has %s", TEMPLATE, key).containsKey(key);
        return asMap(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}

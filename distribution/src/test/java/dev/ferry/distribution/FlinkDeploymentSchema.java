package dev.ferry.distribution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code FlinkDeployment} schema of the Flink Kubernetes Operator, read from the CRD file it
 * publishes ({@code src/test/resources/kubernetes/}), as a JSON Schema validator. Validation is
 * strict, like {@code kubectl apply --validate=strict}: a field the schema does not name is an
 * error (the API server would drop it silently), except where the CRD keeps unknown fields (pod
 * templates).
 */
final class FlinkDeploymentSchema {
    static final Path CRD =
            Path.of("src/test/resources/kubernetes/flinkdeployments.flink.apache.org-v1.yml");

    private final Validator validator;

    private FlinkDeploymentSchema(Validator validator) {
        this.validator = validator;
    }

    /** The schema of {@code version} (e.g. {@code v1beta1}) in the CRD. */
    static FlinkDeploymentSchema of(String version) throws IOException {
        JsonObject crd = YamlDocuments.single(CRD);
        JsonArray versions = crd.getJsonObject("spec").getJsonArray("versions");
        for (int i = 0; i < versions.size(); i++) {
            JsonObject candidate = versions.getJsonObject(i);
            if (candidate.getString("name").equals(version)) {
                JsonObject schema =
                        candidate.getJsonObject("schema").getJsonObject("openAPIV3Schema");
                return new FlinkDeploymentSchema(
                        Validator.create(
                                JsonSchema.of(withObjectHeader(strict(schema.copy()), version)),
                                new JsonSchemaOptions()
                                        .setDraft(Draft.DRAFT7)
                                        .setOutputFormat(OutputFormat.Basic)
                                        .setBaseUri("https://flink.apache.org/crds/")));
            }
        }
        throw new IllegalStateException(CRD + " has no version " + version);
    }

    OutputUnit validate(JsonObject resource) {
        return validator.validate(resource);
    }

    /**
     * The fields every Kubernetes object has, which the API server checks itself and CRDs leave out
     * of their schema: {@code apiVersion} and {@code kind} of this resource, and {@code metadata}
     * (an ObjectMeta, not checked further here).
     */
    private static JsonObject withObjectHeader(JsonObject schema, String version) {
        JsonObject properties = schema.getJsonObject("properties");
        properties.put(
                "apiVersion",
                new JsonObject().put("type", "string").put("const", "flink.apache.org/" + version));
        properties.put(
                "kind", new JsonObject().put("type", "string").put("const", "FlinkDeployment"));
        properties.put("metadata", new JsonObject().put("type", "object"));
        schema.put("required", new JsonArray().add("apiVersion").add("kind").add("metadata"));
        return schema;
    }

    /** Closes every object schema that lists its properties, unless the CRD keeps unknowns. */
    private static JsonObject strict(JsonObject schema) {
        if (schema.containsKey("properties")
                && !schema.containsKey("additionalProperties")
                && !Boolean.TRUE.equals(schema.getValue("x-kubernetes-preserve-unknown-fields"))) {
            schema.put("additionalProperties", false);
        }
        for (Map.Entry<String, Object> entry : schema) {
            if (entry.getValue() instanceof JsonObject child) {
                strict(child);
            } else if (entry.getValue() instanceof JsonArray array) {
                for (Object item : array) {
                    if (item instanceof JsonObject child) {
                        strict(child);
                    }
                }
            }
        }
        return schema;
    }
}

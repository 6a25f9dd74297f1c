package dev.ferry.examples.fraud;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Checks the examples' manifests and templates against the schemas the deployment tools use. */
final class JsonSchemas {
    private JsonSchemas() {}

    /** A validator of the schema in {@code file}, read as {@code draft}. */
    static Validator validator(Path file, Draft draft) throws IOException {
        return Validator.create(
                JsonSchema.of(new JsonObject(Files.readString(file))),
                new JsonSchemaOptions().setDraft(draft).setBaseUri("https://ferry.dev/schemas/"));
    }

    /** YAML's maps and lists as Vert.x JSON values, which the validator walks. */
    static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.put(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        return value;
    }
}

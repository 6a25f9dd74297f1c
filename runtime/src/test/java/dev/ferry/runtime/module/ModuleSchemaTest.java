package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/module-schema.json (for editors) agrees with the loader: every document of every valid
 * example validates against it, and documents the loader refuses for their shape are refused too.
 */
class ModuleSchemaTest {

    private static final Path SCHEMA = Path.of("..", "docs", "module-schema.json");

    private static Validator validator() throws IOException {
        JsonObject schema = new JsonObject(Files.readString(SCHEMA));
        return Validator.create(
                JsonSchema.of(schema),
                new JsonSchemaOptions()
                        .setDraft(Draft.DRAFT202012)
                        .setBaseUri("https://ferry.dev/schemas/"));
    }

    static Stream<Path> validFiles() throws Exception {
        return ExampleModules.list("valid");
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void everyDocumentOfAValidExampleMatchesTheSchema(Path file) throws IOException {
        Validator validator = validator();
        List<Object> documents = documents(Files.readString(file));
        assertThat(documents).isNotEmpty();
        for (Object document : documents) {
            if (document instanceof JsonObject object && object.containsKey("version")) {
                continue; // the legacy 3.0 form is accepted by the loader, not described
            }
            OutputUnit result = validator.validate(document);
            assertThat(result.getValid()).as("%s: %s", file.getFileName(), result).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "02-unknown-key.yaml",
                "03-missing-functions.yaml",
                "04-wrong-type.yaml",
                "06-bad-pattern.yaml",
                "09-unknown-kind.yaml",
                "27-three-problems.yaml"
            })
    void documentsWithTheWrongShapeAreRefused(String name) throws Exception {
        Path file = ExampleModules.dir("invalid").resolve(name);
        Validator validator = validator();
        List<Boolean> valid = new ArrayList<>();
        for (Object document : documents(Files.readString(file))) {
            valid.add(validator.validate(document).getValid());
        }
        assertThat(valid).as(name).contains(false);
    }

    private static List<Object> documents(String yaml) {
        List<Object> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (document != null) {
                documents.add(toJson(document));
            }
        }
        return documents;
    }

    /** YAML's maps and lists as Vert.x JSON values, which the validator walks. */
    private static Object toJson(Object value) {
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

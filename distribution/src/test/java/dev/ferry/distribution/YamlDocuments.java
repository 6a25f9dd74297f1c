package dev.ferry.distribution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The documents of a YAML file as Vert.x JSON values, which the JSON Schema validator walks. */
final class YamlDocuments {
    private YamlDocuments() {}

    static List<JsonObject> read(Path file) throws IOException {
        List<JsonObject> documents = new ArrayList<>();
        for (Object document :
                new Load(LoadSettings.builder().build())
                        .loadAllFromString(Files.readString(file))) {
            if (document != null) {
                documents.add((JsonObject) toJson(document));
            }
        }
        return documents;
    }

    static JsonObject single(Path file) throws IOException {
        List<JsonObject> documents = read(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(
                    file + " holds " + documents.size() + " documents; expected one");
        }
        return documents.get(0);
    }

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

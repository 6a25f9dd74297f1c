package dev.ferry.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each platform's module file is the fraud-detection application of {@code
 * examples/fraud-detection/module.yaml} with another endpoint: one endpoint document for {@code
 * fraud/*}, then the same Kafka ingresses and egress, so that the files cannot drift apart.
 */
class PlatformModulesTest {
    private static final Path EXAMPLES = Path.of("..");

    @ParameterizedTest
    @ValueSource(strings = {"aws-lambda/module.yaml", "knative/module.yaml"})
    void isTheFraudDetectionModuleWithAnotherEndpoint(String file) throws Exception {
        List<Map<String, Object>> application =
                documents(EXAMPLES.resolve("fraud-detection/module.yaml"));
        List<Map<String, Object>> platform = documents(EXAMPLES.resolve(file));

        assertThat(String.valueOf(platform.get(0).get("kind"))).startsWith("ferry.endpoints.v1/");
        assertThat(application.get(0).get("kind")).isEqualTo("io.statefun.endpoints.v2/http");
        assertThat(((Map<?, ?>) platform.get(0).get("spec")).get("functions")).isEqualTo("fraud/*");
        assertThat(platform.subList(1, platform.size()))
                .as("%s after its endpoint", file)
                .isEqualTo(application.subList(1, application.size()));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document :
                new Load(LoadSettings.builder().setLabel(file.toString()).build())
                        .loadAllFromString(Files.readString(file))) {
            documents.add((Map<String, Object>) document);
        }
        return documents;
    }
}

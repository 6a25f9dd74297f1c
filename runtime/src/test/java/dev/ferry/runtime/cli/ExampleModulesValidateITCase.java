package dev.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every module file under {@code examples/} ({@code module*.yaml}) passes {@code ferry validate}:
 * the command line's {@code validate} in a child JVM, as the {@code ferry} script runs it, with the
 * environment variables the files reference set to sample values. A Kubernetes ConfigMap is
 * validated by the module it carries.
 */
class ExampleModulesValidateITCase {
    private static final Path EXAMPLES = Path.of("..", "examples");

    /** Every {@code ${env:NAME}} the example modules reference, with a value of the right form. */
    private static final Map<String, String> VARIABLES =
            Map.of(
                    "FRAUD_FUNCTIONS_URL", "http://127.0.0.1:8080",
                    "KAFKA_BROKERS", "127.0.0.1:9092",
                    "AWS_REGION", "eu-west-1",
                    "FERRY_CF_URL", "https://europe-west1-my-project.cloudfunctions.net");

    @Test
    void everyExampleModuleFilePassesFerryValidate(@TempDir Path folder) throws Exception {
        List<Path> files = moduleFiles();
        assertThat(files)
                .as("module files under %s", EXAMPLES.toAbsolutePath().normalize())
                .hasSizeGreaterThanOrEqualTo(6);
        List<String> arguments = new ArrayList<>();
        for (Path file : files) {
            arguments.add(asModuleFile(file, folder).toString());
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("validate");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(VARIABLES);
        Process process = builder.start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(output).isZero();
        for (String argument : arguments) {
            assertThat(output).contains(argument + ": OK (");
        }
    }

    private static List<Path> moduleFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            return walk.filter(path -> !path.toString().contains(File.separator + "target"))
                    .filter(path -> path.getFileName().toString().matches("module.*\\.yaml"))
                    .sorted()
                    .toList();
        }
    }

    /** The file itself, or for a ConfigMap the module it carries, written to {@code folder}. */
    private static Path asModuleFile(Path file, Path folder) throws IOException {
        Object document =
                new Load(LoadSettings.builder().build())
                        .loadAllFromString(Files.readString(file))
                        .iterator()
                        .next();
        if (document instanceof Map<?, ?> map && "ConfigMap".equals(map.get("kind"))) {
            Map<?, ?> data = (Map<?, ?>) map.get("data");
            Map<String, Object> modules = new TreeMap<>();
            data.forEach((key, value) -> modules.put(String.valueOf(key), value));
            assertThat(modules)
                    .as("the ConfigMap %s carries module.yaml", file)
                    .containsKey("module.yaml");
            Path extracted = folder.resolve(file.getParent().getFileName() + "-module.yaml");
            Files.writeString(extracted, (String) modules.get("module.yaml"));
            return extracted;
        }
        return file;
    }
}

package dev.ferry.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/cloud-functions/deploy.sh} without Google Cloud: bash parses it, and run with a
 * {@code gcloud} on its {@code PATH} that only records its arguments, it deploys the generic entry
 * point on {@code java21} with the function's own service account and internal ingress, makes
 * exactly one IAM change, and refuses to start without its settings. What {@code gcloud} then does
 * is not run here.
 */
class CloudFunctionsDeployScriptTest {
    private static final Path SCRIPT = Path.of("..", "examples", "cloud-functions", "deploy.sh");

    private record Run(int exitCode, String output, List<List<String>> gcloudCalls) {}

    @Test
    void bashParsesIt() throws Exception {
        Process bash =
                new ProcessBuilder("bash", "-n", SCRIPT.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
    }

    @Test
    void deploysTheGenericEntryPointOnJava21WithItsOwnIdentityAndOneIamChange(@TempDir Path dir)
            throws Exception {
        Run run = run(dir, true, settings());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.gcloudCalls()).hasSize(3);
        List<String> deploy = run.gcloudCalls().get(0);
        assertThat(deploy.subList(0, 3)).containsExactly("functions", "deploy", "counter");
        assertThat(flag(deploy, "--runtime")).isEqualTo("java21");
        assertThat(flag(deploy, "--entry-point")).isEqualTo(FunctionsHttpFunction.class.getName());
        assertThat(flag(deploy, "--set-env-vars"))
                .isEqualTo("FERRY_FUNCTIONS=dev.ferry.examples.cloudfunctions.CounterFunctions");
        assertThat(flag(deploy, "--service-account"))
                .isEqualTo("ferry-counter@p.iam.gserviceaccount.com");
        assertThat(flag(deploy, "--ingress-settings")).isEqualTo("internal-only");
        assertThat(flag(deploy, "--source")).endsWith("target/deployment");
        assertThat(deploy).contains("--gen2", "--no-allow-unauthenticated", "--trigger-http");

        List<List<String>> iam =
                run.gcloudCalls().stream()
                        .filter(call -> call.stream().anyMatch(arg -> arg.contains("policy")))
                        .toList();
        assertThat(iam).hasSize(1);
        assertThat(iam.get(0).subList(0, 3))
                .containsExactly("functions", "add-invoker-policy-binding", "counter");
        assertThat(flag(iam.get(0), "--member"))
                .isEqualTo("serviceAccount:ferry-runtime@p.iam.gserviceaccount.com");
        assertThat(run.output()).contains("Deployed counter at https://counter-test.a.run.app");
    }

    @Test
    void refusesToStartWithoutTheFunctionsIdentityOrTheJar(@TempDir Path dir) throws Exception {
        Map<String, String> noFunctionAccount = new java.util.HashMap<>(settings());
        noFunctionAccount.remove("FUNCTION_SA");

        Run withoutAccount = run(dir.resolve("a"), true, noFunctionAccount);
        Run withoutJar = run(dir.resolve("b"), false, settings());

        assertThat(withoutAccount.exitCode()).isNotZero();
        assertThat(withoutAccount.output()).contains("set FUNCTION_SA");
        assertThat(withoutJar.exitCode()).isNotZero();
        assertThat(withoutJar.output()).contains("counter-function.jar is missing");
        assertThat(withoutAccount.gcloudCalls()).isEmpty();
        assertThat(withoutJar.gcloudCalls()).isEmpty();
    }

    private static Map<String, String> settings() {
        return Map.of(
                "PROJECT", "p",
                "REGION", "europe-west1",
                "FUNCTION_SA", "ferry-counter@p.iam.gserviceaccount.com",
                "RUNTIME_SA", "ferry-runtime@p.iam.gserviceaccount.com");
    }

    /**
     * Runs a copy of the script in {@code dir} (with a built jar beside it or not) and a {@code
     * gcloud} that writes each call's arguments, one per line, to a file and prints a URL.
     */
    private static Run run(Path dir, boolean withJar, Map<String, String> env)
            throws IOException, InterruptedException {
        Path example = Files.createDirectories(dir.resolve("example"));
        Path script = example.resolve("deploy.sh");
        Files.copy(SCRIPT, script);
        if (withJar) {
            Path deployment = Files.createDirectories(example.resolve("target/deployment"));
            Files.write(deployment.resolve("counter-function.jar"), new byte[] {'P', 'K'});
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("gcloud-calls");
        Path gcloud = bin.resolve("gcloud");
        Files.writeString(
                gcloud,
                "#!/usr/bin/env bash\n"
                        + "printf '%s\\n' \"$@\" >> \""
                        + calls
                        + "\"\n"
                        + "echo '--' >> \""
                        + calls
                        + "\"\n"
                        + "if [[ \"$2\" == describe ]]; then echo https://counter-test.a.run.app;"
                        + " fi\n");
        Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
        builder.redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> settings().containsKey(name));
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<List<String>> recorded = new ArrayList<>();
        if (Files.exists(calls)) {
            List<String> current = new ArrayList<>();
            for (String line : Files.readAllLines(calls)) {
                if (line.equals("--")) {
                    recorded.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(line);
                }
            }
        }
        return new Run(process.exitValue(), output, recorded);
    }

    private static String flag(List<String> call, String name) {
        int at = call.indexOf(name);
        assertThat(at).as("%s in %s", name, call).isNotNegative();
        assertThat(call.size())
                .as("a value after %s in %s", name, Arrays.asList(call))
                .isGreaterThan(at + 1);
        return call.get(at + 1);
    }
}

package dev.ferry.adapters.aws.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Lambda execution environment on this machine: a child JVM running the real {@code
 * aws-lambda-java-runtime-interface-client} with Lambda's environment variables, polling a {@link
 * LambdaFixture}'s Runtime API and running a handler class from the test class path.
 *
 * <p>The child's class path is what a deployment package holds: the caller's class path reduced to
 * the adapter, {@code protocol}, their dependencies, the StateFun SDK, the runtime interface client
 * and the test classes (no Flink, no AWS SDK, no Netty).
 */
public final class LambdaRuntimeProcess implements AutoCloseable {
    private static final String RIC_MAIN =
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** Class path entries a deployment package would hold (jar names or build folders). */
    private static final List<String> PACKAGE_ENTRIES =
            List.of(
                    "ferry-protocol",
                    "protocol" + File.separator + "target",
                    "ferry-adapters-aws",
                    "adapters-aws" + File.separator + "target",
                    "test-classes",
                    "protobuf-java",
                    "gson",
                    "aws-lambda-java-core",
                    "aws-lambda-java-runtime-interface-client",
                    "aws-lambda-java-serialization",
                    "utils-lite",
                    "crac",
                    "statefun-sdk-java");

    /** What Lambda's Java runtime brings itself: the runtime interface client and its parts. */
    private static final List<String> RUNTIME_ENTRIES =
            List.of(
                    "aws-lambda-java-runtime-interface-client",
                    "aws-lambda-java-serialization",
                    "aws-lambda-java-core",
                    "utils-lite");

    private static Path jni;

    private final Process process;
    private final Path log;

    private LambdaRuntimeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a runtime for {@code handlerClass} (which extends the adapter's handler) against
     * {@code fixture}; {@code log} receives its output.
     */
    public static LambdaRuntimeProcess start(LambdaFixture fixture, String handlerClass, Path log)
            throws IOException {
        return start(fixture, handlerClass, log, Map.of());
    }

    /** As {@link #start(LambdaFixture, String, Path)}, with the function's own variables. */
    public static LambdaRuntimeProcess start(
            LambdaFixture fixture, String handlerClass, Path log, Map<String, String> variables)
            throws IOException {
        return launch(fixture, handlerClass, packageClassPath(), log.getParent(), log, variables);
    }

    /**
     * Starts a runtime for a deployment package unpacked in {@code taskRoot}, with the class path
     * Lambda's Java runtimes give it: the folder itself, then every jar in its {@code lib/}, then
     * the runtime interface client (which Lambda provides, so a package does not hold it).
     */
    public static LambdaRuntimeProcess startPackage(
            LambdaFixture fixture,
            Path taskRoot,
            String handlerClass,
            Path log,
            Map<String, String> variables)
            throws IOException {
        List<String> classPath = new ArrayList<>();
        classPath.add(taskRoot.toString());
        classPath.add(taskRoot.resolve("lib") + File.separator + "*");
        classPath.add(
                classPath(
                        entry -> RUNTIME_ENTRIES.stream().anyMatch(name -> entry.contains(name))));
        return launch(
                fixture,
                handlerClass,
                String.join(File.pathSeparator, classPath),
                taskRoot,
                log,
                variables);
    }

    private static LambdaRuntimeProcess launch(
            LambdaFixture fixture,
            String handlerClass,
            String classPath,
            Path taskRoot,
            Path log,
            Map<String, String> variables)
            throws IOException {
        String handler = handlerClass + "::handleRequest";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-D" + JNI_PROPERTY + "=" + nativeLibrary());
        command.add("-cp");
        command.add(classPath);
        command.add(RIC_MAIN);
        command.add(handler);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", fixture.runtimeApi());
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "ferry-test");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/ferry-test");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0000");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.putAll(variables);
        return new LambdaRuntimeProcess(builder.start(), log);
    }

    /** The class path of a deployment package: see the class comment. */
    static String packageClassPath() {
        return classPath(entry -> PACKAGE_ENTRIES.stream().anyMatch(name -> entry.contains(name)));
    }

    private static String classPath(Predicate<String> keep) {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            boolean jar = file.endsWith(".jar");
            // Test jars of other modules and unrelated build folders stay out.
            if (keep.test(entry) && !(jar && file.contains("ferry-invokers"))) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * The client's native library, unpacked once per test JVM: the client would otherwise unpack it
     * to one fixed file in /tmp, which runtimes started in parallel overwrite under each other.
     */
    static synchronized Path nativeLibrary() throws IOException {
        if (jni == null) {
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            String name =
                    arch.contains("aarch64") || arch.contains("arm64")
                            ? "libaws-lambda-jni.linux-aarch_64.so"
                            : "libaws-lambda-jni.linux-x86_64.so";
            Path file = Files.createTempFile("aws-lambda-jni-", ".so");
            file.toFile().deleteOnExit();
            try (InputStream in =
                    LambdaRuntimeProcess.class
                            .getClassLoader()
                            .getResourceAsStream("jni/" + name)) {
                if (in == null) {
                    throw new IOException(
                            "jni/"
                                    + name
                                    + " not found: is the runtime interface client on the"
                                    + " class path?");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            jni = file;
        }
        return jni;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Kills the environment, as Lambda does after a timeout or a crash. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.ferry.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The binary distribution unpacked into a folder with {@code tar}, as a user would, and its {@code
 * bin/ferry} started the way a user starts it: an environment holding only a JDK ({@code
 * JAVA_HOME}) and the basic system tools on the {@code PATH}; no Maven, no sources.
 */
final class UnpackedDistribution {
    private final Path home;

    private UnpackedDistribution(Path home) {
        this.home = home;
    }

    /** Unpacks {@code tarball} into {@code folder}; its top folder must be {@code name}. */
    static UnpackedDistribution unpack(Path tarball, String name, Path folder)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(
                    tarball + " does not exist; the package phase of the distribution builds it");
        }
        Process tar =
                new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", folder.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            tar.destroyForcibly();
            throw new IllegalStateException("tar xzf " + tarball + " failed: " + output);
        }
        Path home = folder.resolve(name);
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(tarball + " has no top folder " + name);
        }
        return new UnpackedDistribution(home);
    }

    Path home() {
        return home;
    }

    Path resolve(String path) {
        return home.resolve(path);
    }

    /**
     * A process builder for {@code bin/ferry ARGS}, run in the distribution's folder with a clean
     * environment: the test JVM's JDK as JAVA_HOME, the system tools, and {@code extraEnv}.
     */
    ProcessBuilder ferry(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/ferry").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        // Loopback only: no cloud metadata lookups from the runtime's SDKs.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(extraEnv);
        return builder;
    }
}

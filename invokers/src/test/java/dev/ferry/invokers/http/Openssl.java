package dev.ferry.invokers.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line in a folder, to make certificates and keys for tests. */
final class Openssl {
    private Openssl() {}

    static void run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + command + " failed: " + output);
        }
    }

    /**
     * Encrypts the unencrypted PKCS#8 key {@code in} into {@code out} with password {@code
     * password} and the scheme given by {@code schemeArgs} (e.g. {@code -v1 PBE-SHA1-RC4-128} or
     * {@code -v2 aes-256-cbc}). OpenSSL 3 keeps RC4, DES and MD5 in its legacy provider.
     */
    static void encryptKey(Path dir, String in, String out, String password, String... schemeArgs)
            throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "pkcs8",
                                "-topk8",
                                "-in",
                                in,
                                "-out",
                                out,
                                "-passout",
                                "pass:" + password,
                                "-provider",
                                "legacy",
                                "-provider",
                                "default"));
        args.addAll(List.of(schemeArgs));
        run(dir, args.toArray(String[]::new));
    }
}

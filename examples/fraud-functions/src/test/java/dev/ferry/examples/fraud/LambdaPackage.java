package dev.ferry.examples.fraud;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The deployment zip the build makes ({@code target/fraud-functions-lambda.zip}). */
final class LambdaPackage {
    private LambdaPackage() {}

    /** The zip of this build, named by the {@code lambda.zip} property the pom sets. */
    static Path zip() {
        String property = System.getProperty("lambda.zip");
        Path zip =
                Path.of(
                        property != null
                                ? property
                                : Path.of("target", "fraud-functions-lambda.zip").toString());
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(
                    zip.toAbsolutePath()
                            + " does not exist: the package phase makes it (./mvnw -pl"
                            + " examples/fraud-functions -am package)");
        }
        return zip;
    }

    /** The names of the zip's entries. */
    static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().forEach(entry -> names.add(entry.getName()));
        }
        return names;
    }

    /** Unpacks {@code zip} into {@code folder}, as Lambda unpacks a package into its task root. */
    static void unpack(Path zip, Path folder) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("zip entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    /** Whether {@code className} is in the zip, at its root or in one of its {@code lib/} jars. */
    static boolean containsClass(Path zip, String className) throws IOException {
        String entry = className.replace('.', '/') + ".class";
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.getEntry(entry) != null) {
                return true;
            }
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry jar = entries.nextElement();
                if (jar.getName().startsWith("lib/") && jar.getName().endsWith(".jar")) {
                    try (java.util.zip.ZipInputStream in =
                            new java.util.zip.ZipInputStream(file.getInputStream(jar))) {
                        for (ZipEntry inner = in.getNextEntry();
                                inner != null;
                                inner = in.getNextEntry()) {
                            if (inner.getName().equals(entry)) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }
}

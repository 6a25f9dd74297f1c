package dev.ferry.runtime.module;

import dev.ferry.runtime.module.internal.ModuleReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

/**
 * Loads module files. Every problem in a file is reported at once, as a {@link ModuleException}
 * whose problems render as {@code FILE:LINE:COLUMN: what is wrong; what was expected}.
 */
public final class ModuleLoader {
    public static final String CLASSPATH_PREFIX = "classpath:";

    private ModuleLoader() {}

    /** Loads one file. */
    public static Module load(Path file) {
        return load(file, System::getenv);
    }

    /**
     * Loads one file with its {@code ${env:NAME}} references resolved by {@code variables} (for
     * example the environment with a few values added by an embedding application).
     */
    public static Module load(Path file, Function<String, String> variables) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(name, "the file does not exist");
        } catch (IOException e) {
            throw unreadable(name, "the file cannot be read (" + e.getMessage() + ")");
        }
        return ModuleReader.read(name, text, variables);
    }

    /** Loads module text named {@code name} in error messages. */
    public static Module loadString(String name, String text) {
        return ModuleReader.read(name, text);
    }

    /** Loads module text with {@code ${env:NAME}} references resolved by {@code variables}. */
    public static Module loadString(String name, String text, Function<String, String> variables) {
        return ModuleReader.read(name, text, variables);
    }

    /**
     * Loads from a location as StateFun does: {@code classpath:NAME} loads every resource of that
     * name and merges them; {@code file:} URLs and plain paths load one file.
     */
    public static Module load(String location, ClassLoader classLoader) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return loadResources(location.substring(CLASSPATH_PREFIX.length()), classLoader);
        }
        if (location.startsWith("file:")) {
            return load(Path.of(URI.create(location)));
        }
        return load(Path.of(location));
    }

    private static Module loadResources(String resource, ClassLoader classLoader) {
        // Every file is read and every problem of every file reported before giving up.
        List<ModuleProblem> problems = new ArrayList<>();
        Module merged = null;
        try {
            Enumeration<URL> urls = classLoader.getResources(resource);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (InputStream in = url.openStream()) {
                    Module module =
                            ModuleReader.read(
                                    url.toString(),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    merged = merged == null ? module : merged.merge(module);
                } catch (ModuleException e) {
                    problems.addAll(e.problems());
                } catch (IllegalArgumentException e) {
                    // The file is fine alone but clashes with one read before it.
                    problems.add(
                            new ModuleProblem(
                                    url.toString(),
                                    1,
                                    1,
                                    e.getMessage() + " across the module files",
                                    "each function type, namespace and id declared once in all"
                                            + " files"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_PREFIX + resource, e);
        }
        if (!problems.isEmpty()) {
            throw new ModuleException(problems);
        }
        if (merged == null) {
            throw unreadable(CLASSPATH_PREFIX + resource, "no such resource on the class path");
        }
        return merged;
    }

    private static ModuleException unreadable(String name, String why) {
        return new ModuleException(
                List.of(new ModuleProblem(name, 1, 1, why, "a readable YAML module file")));
    }
}

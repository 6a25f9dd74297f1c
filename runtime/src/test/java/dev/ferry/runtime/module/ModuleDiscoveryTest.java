package dev.ferry.runtime.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.TypeName;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where modules are found: every {@code classpath:} match, a {@code file:} URL, a plain path. */
class ModuleDiscoveryTest {

    private static final String GREETER =
            """
            kind: io.statefun.endpoints.v2/http
            spec:
              functions: greeter/*
              urlPathTemplate: http://greeter/{function.name}
            """;

    private static final String SHOP =
            """
            kind: ferry.endpoints.v1/knative
            spec:
              functions: shop/*
              urlPathTemplate: http://kourier/{function.name}
            ---
            kind: ferry.io.v1/print
            spec:
              id: shop/out
            """;

    private static ClassLoader classPathOf(Path... dirs) throws Exception {
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) {
            urls[i] = dirs[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }

    private static Path moduleIn(Path dir, String name, String yaml) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        Files.writeString(sub.resolve("module.yaml"), yaml);
        return sub;
    }

    @Test
    void everyClassPathMatchIsLoadedAndTheyMakeOneModule(@TempDir Path tmp) throws Exception {
        ClassLoader loader = classPathOf(moduleIn(tmp, "a", GREETER), moduleIn(tmp, "b", SHOP));
        Module module = ModuleLoader.load("classpath:module.yaml", loader);
        assertThat(module.summary()).isEqualTo("2 endpoints, 0 ingresses, 1 egress");
        assertThat(module.endpointFor(TypeName.parse("shop/cart"))).isPresent();
        assertThat(module.endpointFor(TypeName.parse("greeter/hello"))).isPresent();
    }

    @Test
    void aNamespaceBoundInTwoFilesIsAProblemOfTheSecond(@TempDir Path tmp) throws Exception {
        Path second = moduleIn(tmp, "b", GREETER);
        ClassLoader loader = classPathOf(moduleIn(tmp, "a", GREETER), second);
        assertThatThrownBy(() -> ModuleLoader.load("classpath:module.yaml", loader))
                .isInstanceOfSatisfying(
                        ModuleException.class,
                        e ->
                                assertThat(e.problems())
                                        .singleElement()
                                        .satisfies(
                                                p -> {
                                                    assertThat(p.file())
                                                            .isEqualTo(
                                                                    second.resolve("module.yaml")
                                                                            .toUri()
                                                                            .toURL()
                                                                            .toString());
                                                    assertThat(p.message())
                                                            .contains(
                                                                    "'greeter/*' are bound twice");
                                                }));
    }

    @Test
    void problemsOfEveryMatchAreReported(@TempDir Path tmp) throws Exception {
        String broken = "kind: ferry.io.v1/print\nspec:\n  colour: red\n";
        ClassLoader loader = classPathOf(moduleIn(tmp, "a", broken), moduleIn(tmp, "b", broken));
        assertThatThrownBy(() -> ModuleLoader.load("classpath:module.yaml", loader))
                .isInstanceOfSatisfying(
                        ModuleException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(ModuleProblem::file)
                                        .anyMatch(f -> f.contains("/a/module.yaml"))
                                        .anyMatch(f -> f.contains("/b/module.yaml")));
    }

    @Test
    void aMissingClassPathResourceIsAProblem() throws Exception {
        assertThatThrownBy(() -> ModuleLoader.load("classpath:no-such-module.yaml", classPathOf()))
                .isInstanceOf(ModuleException.class)
                .hasMessageContaining("classpath:no-such-module.yaml:1:1: no such resource");
    }

    @Test
    void fileUrlsAndPlainPathsLoadOneFile(@TempDir Path tmp) throws Exception {
        Path file = moduleIn(tmp, "a", SHOP).resolve("module.yaml");
        ClassLoader loader = classPathOf();
        assertThat(ModuleLoader.load(file.toUri().toString(), loader).summary())
                .isEqualTo("1 endpoint, 0 ingresses, 1 egress");
        assertThat(ModuleLoader.load(file.toString(), loader).egresses())
                .extracting(EgressSpec::id)
                .containsExactly(TypeName.parse("shop/out"));
    }
}

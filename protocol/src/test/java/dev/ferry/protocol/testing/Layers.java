package dev.ferry.protocol.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layering rules every module's {@code ArchitectureTest} checks, written once.
 *
 * <p>A module is named by its root package ({@code dev.ferry.runtime}, {@code
 * dev.ferry.adapters.aws}, ...). Its {@code internal} packages are its own business: no other
 * module may use them. Adapters run inside a function's cold start, so they may use the protocol,
 * their platform's API and the JDK, and nothing else.
 */
public final class Layers {
    /** Packages every module may use: the JDK. */
    private static final List<String> JDK = List.of("java..", "javax..", "jdk..");

    /**
     * What an adapter may use besides the JDK, its own classes and its platform: the protocol and
     * what the protocol's public API carries (protobuf messages, StateFun SDK functions), and the
     * OpenTelemetry API: an adapter continues the invoker's trace when the function brings
     * OpenTelemetry, an optional dependency used only after a class presence check, so a function
     * without it loads none of it.
     */
    private static final List<String> PROTOCOL_API =
            List.of(
                    "dev.ferry.protocol..",
                    "com.google.protobuf..",
                    "org.apache.flink.statefun.sdk..",
                    "io.opentelemetry..");

    private Layers() {}

    /** The main classes of one module (tests left out), found under its root package. */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /** No class of the module uses an {@code internal} package of another module. */
    public static ArchRule noInternalsOfOtherModules(String rootPackage) {
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat(internalOfAnotherModuleThan(rootPackage))
                .because("a module's internal packages may change without notice");
    }

    /**
     * An adapter's classes use only the JDK, the protocol's public API, their own module and the
     * given platform packages (never Flink, Vert.x, or another adapter, unless it is the platform).
     */
    public static ArchRule adapterUsesOnlyProtocolAndPlatform(
            String rootPackage, String... platformPackages) {
        String[] allowed =
                Stream.of(
                                JDK.stream(),
                                PROTOCOL_API.stream(),
                                Stream.of(rootPackage + ".."),
                                Stream.of(platformPackages))
                        .flatMap(s -> s)
                        .toArray(String[]::new);
        return classes()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(allowed)
                .because(
                        "adapters load inside a function's cold start: protocol and platform only");
    }

    private static DescribedPredicate<JavaClass> internalOfAnotherModuleThan(String rootPackage) {
        return DescribedPredicate.describe(
                "are in an internal package of another module than " + rootPackage,
                javaClass -> {
                    String pkg = javaClass.getPackageName();
                    return pkg.startsWith("dev.ferry.")
                            && (pkg.contains(".internal.") || pkg.endsWith(".internal"))
                            && !pkg.equals(rootPackage)
                            && !pkg.startsWith(rootPackage + ".");
                });
    }
}

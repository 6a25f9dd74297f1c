package dev.ferry.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ferry.protocol.testing.Layers;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Properties;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSinks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime is the only Flink code; it uses other modules through their public API only. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = Layers.mainClassesOf("dev.ferry.runtime");
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.runtime").check(classes);
    }

    @Test
    void dependsOnNoAdapter() {
        noClasses()
                .that()
                .resideInAPackage("dev.ferry.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.ferry.adapters..")
                .check(classes);
    }

    /**
     * The runtime's main code lives under {@code dev.ferry.runtime}, with one allowed exception:
     * the Kinesis sink factory, which must sit in the connector's package to reach its
     * package-private constructor.
     */
    @Test
    void placesOnlyTheKinesisSinkFactoryInAFlinkPackage() {
        JavaClasses flinkPackage =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("org.apache.flink");
        classes()
                .that()
                .resideInAPackage("org.apache.flink..")
                .should()
                .haveFullyQualifiedName(KinesisStreamsSinks.class.getName())
                .check(flinkPackage);
    }

    /**
     * {@link KinesisStreamsSinks} calls this package-private constructor of the connector: an
     * upgrade of the connector that changes it must fail here, not at the first Kinesis egress.
     */
    @Test
    void theKinesisSinkConstructorTheFactoryReliesOnIsThere() {
        Class<?>[] expected = {
            ElementConverter.class,
            Integer.class,
            Integer.class,
            Integer.class,
            Long.class,
            Long.class,
            Long.class,
            boolean.class,
            String.class,
            String.class,
            Properties.class
        };
        assertThat(Arrays.stream(KinesisStreamsSink.class.getDeclaredConstructors()))
                .extracting(Constructor::getParameterTypes)
                .anySatisfy(types -> assertThat(types).containsExactly(expected));
    }
}

package dev.ferry.invokers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.ferry.protocol.testing.Layers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invokers call functions; they know the protocol, not Flink, the runtime or the adapters. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = Layers.mainClassesOf("dev.ferry.invokers");
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.invokers").check(classes);
    }

    @Test
    void knowsNeitherFlinkNorTheRuntimeNorTheAdapters() {
        noClasses()
                .that()
                .resideInAPackage("dev.ferry.invokers..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..", "dev.ferry.runtime..", "dev.ferry.adapters..")
                .check(classes);
    }
}

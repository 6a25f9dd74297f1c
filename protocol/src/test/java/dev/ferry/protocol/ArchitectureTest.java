package dev.ferry.protocol;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.ferry.protocol.testing.Layers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol is the layer adapters and the runtime share: it knows nothing of Flink. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = Layers.mainClassesOf("dev.ferry.protocol");
    }

    @Test
    void usesNoInternalsOfOtherModules() {
        Layers.noInternalsOfOtherModules("dev.ferry.protocol").check(classes);
    }

    @Test
    void usesNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("dev.ferry.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.ferry.invokers..", "dev.ferry.runtime..", "dev.ferry.adapters..")
                .check(classes);
    }

    @Test
    void knowsNothingOfFlinkButTheStatefunSdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.ferry.protocol..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.apache.flink..")
                                .and(not(resideInAPackage("org.apache.flink.statefun.sdk.."))))
                .check(classes);
    }
}

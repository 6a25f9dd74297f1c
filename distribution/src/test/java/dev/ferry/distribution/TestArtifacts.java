package dev.ferry.distribution;

import java.util.List;

/**
 * Recognises the jars of test libraries by file name: none may reach a run-time class path, where
 * they would at least waste space and, like Flink's test jars with their {@code
 * log4j2-test.properties}, can change how the runtime behaves (that file turns all logging off).
 */
final class TestArtifacts {
    private static final List<String> TEST_LIBRARIES =
            List.of(
                    "junit-",
                    "junit5-",
                    "junit-jupiter",
                    "opentest4j-",
                    "assertj-",
                    "mockito-",
                    "awaitility-",
                    "hamcrest-",
                    "flink-test-utils",
                    "flink-runtime-tests");

    private TestArtifacts() {}

    static boolean isTestArtifact(String jarName) {
        return jarName.endsWith("-tests.jar")
                || jarName.contains("-test-jar")
                || TEST_LIBRARIES.stream().anyMatch(jarName::startsWith);
    }
}

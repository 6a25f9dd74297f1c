package dev.ferry.invokers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlTemplateTest {

    @Test
    void replacesEveryOccurrenceOfTheFunctionName() {
        assertThat(
                        UrlTemplate.expand(
                                "http://{function.name}.svc:8000/{function.name}/run", "greeter"))
                .isEqualTo("http://greeter.svc:8000/greeter/run");
    }

    @Test
    void leavesATemplateWithoutPlaceholderAndAMissingTemplateAlone() {
        assertThat(UrlTemplate.expand("http://localhost:8000/statefun", "greeter"))
                .isEqualTo("http://localhost:8000/statefun");
        assertThat(UrlTemplate.expand(null, "greeter")).isNull();
    }
}

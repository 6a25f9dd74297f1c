package dev.ferry.runtime.core.dispatch;

import static dev.ferry.runtime.core.dispatch.DispatchFunctions.COUNTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ferry.runtime.core.message.EgressRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.junit.jupiter.api.Test;

/**
 * An invocation that finally failed either fails the task or becomes a dead letter; nothing is
 * dropped silently. Unknown function types and egresses are errors that name them.
 */
class FailureDispatchTest {

    @Test
    void aFinallyFailedInvocationFailsTheTaskNamingAddressEndpointAttemptsAndCause()
            throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).failing(1);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            assertThatThrownBy(() -> dispatcher.runMailsUntil(() -> false))
                    .hasMessageContaining("test/counter:a")
                    .hasMessageContaining("sdk-endpoint")
                    .hasMessageContaining("3 attempts")
                    .hasMessageContaining("HTTP 503 from function");
        }
    }

    @Test
    void withDeadLetteringTheFailedBatchIsOneRecordAndTheNextBatchProceeds() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all()).gated().failing(1);
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), true, 0))) {
            dispatcher.send(COUNTER, "a", "x");
            dispatcher.send(COUNTER, "a", "y");
            dispatcher.send(COUNTER, "a", "z");
            invoker.releaseOne(); // x fails finally
            dispatcher.releaseUntilOut(invoker, 2);
            assertThat(dispatcher.out()).containsExactly("a 1 y", "a 2 z");

            assertThat(dispatcher.records(DispatcherHarness.DEAD)).hasSize(1);
            EgressRecord letter = dispatcher.records(DispatcherHarness.DEAD).get(0);
            assertThat(letter.typename()).isEqualTo("ferry.types/dead-letter");
            JsonObject json =
                    JsonParser.parseString(new String(letter.value(), StandardCharsets.UTF_8))
                            .getAsJsonObject();
            assertThat(json.get("address").getAsString()).isEqualTo("test/counter:a");
            assertThat(json.get("endpoint").getAsString()).isEqualTo("sdk-endpoint");
            assertThat(json.get("attempts").getAsInt()).isEqualTo(3);
            assertThat(json.get("error").getAsString()).contains("HTTP 503");
            assertThat(json.getAsJsonArray("messages")).hasSize(1);
            JsonObject message = json.getAsJsonArray("messages").get(0).getAsJsonObject();
            assertThat(message.get("typename").getAsString()).isEqualTo("io.statefun.types/string");
            assertThat(
                            DispatchFunctions.text(
                                    Base64.getDecoder().decode(message.get("value").getAsString())))
                    .isEqualTo("x");
        }
    }

    @Test
    void aFunctionTypeWithoutBindingIsAnErrorNamingIt() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        try (DispatcherHarness dispatcher =
                DispatcherHarness.open(DispatcherHarness.spec(invoker.factory(), false, 0))) {
            assertThatThrownBy(() -> dispatcher.send(TypeName.typeNameOf("other", "fn"), "a", "x"))
                    .isInstanceOf(SuppressRestartsException.class)
                    .rootCause()
                    .hasMessageContaining("other/fn");
        }
    }

    @Test
    void aRecordForAnUndeclaredEgressIsAnErrorNamingIt() throws Exception {
        SdkInvoker invoker = new SdkInvoker(DispatchFunctions.all());
        DispatcherSpec declaresNoOut =
                new DispatcherSpec(
                        DispatcherHarness.spec(invoker.factory(), false, 0).bindings(),
                        Set.of(DispatcherHarness.DEAD),
                        0);
        try (DispatcherHarness dispatcher = DispatcherHarness.open(declaresNoOut)) {
            dispatcher.send(COUNTER, "a", "x");
            assertThatThrownBy(() -> dispatcher.runMailsUntil(() -> false))
                    .isInstanceOf(SuppressRestartsException.class)
                    .rootCause()
                    .hasMessageContaining("test/out")
                    .hasMessageContaining("test/counter:a");
        }
    }
}

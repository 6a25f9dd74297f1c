package dev.ferry.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.RemoteHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.junit.jupiter.api.Test;

class FunctionsHandlerTest {

    public static final class Echo implements RemoteHandler {
        @Override
        public CompletableFuture<byte[]> handle(byte[] request) {
            return CompletableFuture.completedFuture(request);
        }
    }

    public static final class SdkSupplier implements Supplier<StatefulFunctions> {
        @Override
        public StatefulFunctions get() {
            return new StatefulFunctions();
        }
    }

    public static final class NotAHandler {}

    @Test
    void loadsAHandlerOrASupplierOfSdkFunctions() throws Exception {
        assertThat(FunctionsHandler.load(Echo.class.getName()).handle(new byte[] {7}).get())
                .containsExactly(7);
        assertThat(FunctionsHandler.load(SdkSupplier.class.getName())).isNotNull();
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> FunctionsHandler.load(null))
                .hasMessageContaining("FERRY_FUNCTIONS");
        assertThatThrownBy(() -> FunctionsHandler.load("com.example.Missing"))
                .hasMessageContaining("not on the class path");
        assertThatThrownBy(() -> FunctionsHandler.load(NotAHandler.class.getName()))
                .hasMessageContaining("is not a RemoteHandler");
    }
}

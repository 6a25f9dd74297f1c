package dev.ferry.protocol.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.conformance.ConformanceFunctions;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.junit.jupiter.api.Test;

/** The three shapes a functions class may take, and the messages for the wrong ones. */
class HandlerLoaderTest {
    private static final ClassLoader LOADER = HandlerLoaderTest.class.getClassLoader();

    /** A handler itself. */
    public static final class Echo implements RemoteHandler {
        @Override
        public CompletableFuture<byte[]> handle(byte[] request) {
            return CompletableFuture.completedFuture(request);
        }
    }

    /** A supplier of SDK functions. */
    public static final class SdkFunctions implements Supplier<StatefulFunctions> {
        @Override
        public StatefulFunctions get() {
            return ConformanceFunctions.create();
        }
    }

    /** A supplier of something else. */
    public static final class Wrong implements Supplier<String> {
        @Override
        public String get() {
            return "not functions";
        }
    }

    /** No public no-argument constructor. */
    public static final class NeedsArgument implements RemoteHandler {
        public NeedsArgument(String unused) {}

        @Override
        public CompletableFuture<byte[]> handle(byte[] request) {
            return CompletableFuture.completedFuture(request);
        }
    }

    @Test
    void loadsAHandlerASupplierOfOneAndASupplierOfSdkFunctions() throws Exception {
        RemoteHandler echo = HandlerLoader.load(Echo.class.getName(), LOADER);
        assertThat(echo.handle(new byte[] {1, 2}).get()).containsExactly(1, 2);

        assertThat(HandlerLoader.load(ConformanceFunctions.class.getName(), LOADER)).isNotNull();

        RemoteHandler sdk = HandlerLoader.load(SdkFunctions.class.getName(), LOADER);
        // Garbage is not a ToFunction: the SDK's handler fails the future, it does not throw.
        assertThat(sdk.handle(new byte[] {(byte) 0xff}))
                .failsWithin(java.time.Duration.ofSeconds(5));
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> HandlerLoader.load("com.example.Missing", LOADER))
                .hasMessageContaining("com.example.Missing is not on the class path");
        assertThatThrownBy(() -> HandlerLoader.load(Wrong.class.getName(), LOADER))
                .hasMessageContaining("returned java.lang.String")
                .hasMessageContaining("expected a RemoteHandler or StatefulFunctions");
        assertThatThrownBy(() -> HandlerLoader.load(NeedsArgument.class.getName(), LOADER))
                .hasMessageContaining("needs a public no-argument constructor");
        assertThatThrownBy(() -> HandlerLoader.load(String.class.getName(), LOADER))
                .hasMessageContaining("is not a RemoteHandler nor a Supplier");
    }
}

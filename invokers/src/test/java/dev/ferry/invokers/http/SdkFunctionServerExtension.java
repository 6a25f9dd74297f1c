package dev.ferry.invokers.http;

import java.util.function.Supplier;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link SdkFunctionServer} for the tests of one class: register it as a static field with
 * {@code @RegisterExtension}. The server starts before the class's first test and stops after its
 * last, also when they fail.
 */
public final class SdkFunctionServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<StatefulFunctions> functions;
    private SdkFunctionServer server;

    /**
     * @param functions what the server serves, built when the class's tests begin
     */
    public SdkFunctionServerExtension(Supplier<StatefulFunctions> functions) {
        this.functions = functions;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new SdkFunctionServer(functions.get());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server. */
    public SdkFunctionServer server() {
        if (server == null) {
            throw new IllegalStateException(
                    "the function server runs from before the class's first test to after its"
                            + " last; it was used outside that (is the field static and"
                            + " @RegisterExtension?)");
        }
        return server;
    }
}

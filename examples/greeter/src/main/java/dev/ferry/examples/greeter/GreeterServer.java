package dev.ferry.examples.greeter;

import dev.ferry.adapters.knative.KnativeFunctionServer;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the greeter on {@code 127.0.0.1:$PORT} (default 8000) until Ctrl-C, for {@code ./ferry run
 * examples/greeter/module.yaml} in another terminal.
 */
public final class GreeterServer {
    private GreeterServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        KnativeFunctionServer server =
                KnativeFunctionServer.builder(
                                StatefulFunctionsHandler.of(new GreeterFunctions().get()))
                        .host("127.0.0.1")
                        .port(port)
                        .start();
        System.out.println("greeter functions on http://127.0.0.1:" + server.port() + "/");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        server.close();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    stopped.countDown();
                                }));
        stopped.await();
    }
}

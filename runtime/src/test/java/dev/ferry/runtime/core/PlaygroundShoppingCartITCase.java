package dev.ferry.runtime.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.invokers.http.SdkFunctionServerExtension;
import dev.ferry.runtime.core.shoppingcart.ShoppingCartFunctions;
import dev.ferry.testkit.FerryRunProcess;
import dev.ferry.testkit.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/playground.md as a reader follows it: the StateFun playground's shopping-cart module (only
 * its function URL changed, and its ports swapped for free ones) under {@code ferry run} in its own
 * JVM, the shopping-cart functions written with the StateFun Java SDK, and the page's curl
 * commands, which are the playground README's.
 */
class PlaygroundShoppingCartITCase {
    private static final String DOCUMENTED_URL = "http://127.0.0.1:1108/";

    @RegisterExtension
    static final SdkFunctionServerExtension FUNCTIONS =
            new SdkFunctionServerExtension(ShoppingCartFunctions::all);

    @Test
    void thePlaygroundsCommandsFillACartAndReadItsReceipt(@TempDir Path dir) throws Exception {
        DocCommands doc = DocCommands.read("playground.md");
        String documentedModule = doc.blocks("yaml").get(0);
        assertThat(documentedModule)
                .contains(DOCUMENTED_URL)
                .contains("port: 8090")
                .contains("port: 8091");
        int ingressPort = FreePort.onLoopback();
        int egressPort = FreePort.onLoopback();
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                documentedModule
                        .replace(DOCUMENTED_URL, FUNCTIONS.server().url("http", "/"))
                        .replace("port: 8090", "port: " + ingressPort)
                        .replace("port: 8091", "port: " + egressPort));
        Map<String, String> ports =
                Map.of(
                        "localhost:8090", "localhost:" + ingressPort,
                        "localhost:8091", "localhost:" + egressPort);

        List<String> commands = doc.commands();
        assertThat(commands).hasSize(5);
        assertThat(commands.get(0)).isEqualTo("./ferry run module.yaml");
        String restock = commands.get(1);
        String addToCart = commands.get(2);
        String checkout = commands.get(3);
        String readReceipt = commands.get(4);
        assertThat(readReceipt).isEqualTo("curl -X GET localhost:8091/receipts");

        try (FerryRunProcess run =
                FerryRunProcess.start(
                        List.of(
                                module.toString(),
                                "--checkpoint-dir",
                                dir.resolve("checkpoints").toString()),
                        Map.of(),
                        dir.resolve("ferry.out"))) {
            await("both playground servers listening")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(stillRunning(run))
                    .until(
                            () ->
                                    run.output().contains("Playground ingress listening")
                                            && run.output()
                                                    .contains("Playground egress listening"));

            for (String command : List.of(restock, addToCart)) {
                assertThat(DocCommands.run(command, ports))
                        .as("%s; runtime output:%n%s", command, run.output())
                        .isEqualTo(new DocCommands.Result(0, ""));
            }
            // The socks reach the cart only after the stock answered: check out until a receipt
            // is there, as the page tells a reader to.
            AtomicReference<String> receipt = new AtomicReference<>("");
            await("a receipt")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast(stillRunning(run))
                    .until(
                            () -> {
                                assertThat(DocCommands.run(checkout, ports).out()).isEmpty();
                                receipt.set(DocCommands.run(readReceipt, ports).out());
                                return !receipt.get().isEmpty();
                            });

            assertThat(receipt.get() + "\n")
                    .as("the receipt the page shows")
                    .isEqualTo(doc.blocks("").get(0))
                    .isEqualTo("Receipt{userId='1', details='socks: 3'}\n");
            assertThat(run.output()).doesNotContain("Exception");
        }
    }

    /** Fails a wait at once, with what the runtime printed, when its process has ended. */
    private static ThrowingRunnable stillRunning(FerryRunProcess run) {
        return () ->
                assertThat(run.isAlive())
                        .as(() -> "the runtime process ended; it printed:\n" + run.output())
                        .isTrue();
    }
}

package dev.ferry.benchmarks;

import dev.ferry.benchmarks.functions.FunctionServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark functions in their own JVM, as a function platform would run them: started on a
 * free loopback port, asked for their request and message counts, stopped with the harness (the
 * child also exits when its standard input closes).
 */
final class FunctionServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    FunctionServerProcess() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process =
                new ProcessBuilder(
                                java,
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                FunctionServerMain.class.getName(),
                                "0")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IOException("the function server did not start: " + line);
        }
        port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
    }

    String url() {
        return "http://127.0.0.1:" + port + "/{function.name}";
    }

    /** Requests served and messages applied so far: {requests, messages}. */
    long[] stats() throws IOException, InterruptedException {
        {
            HttpClient client = HttpClient.newHttpClient();
            String body =
                    client.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:" + port + "/stats"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            long requests = 0;
            long messages = 0;
            for (String part : List.of(body.trim().split(" "))) {
                String[] kv = part.split("=");
                if (kv[0].equals("requests")) {
                    requests = Long.parseLong(kv[1]);
                } else if (kv[0].equals("messages")) {
                    messages = Long.parseLong(kv[1]);
                }
            }
            return new long[] {requests, messages};
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

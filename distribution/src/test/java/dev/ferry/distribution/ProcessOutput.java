package dev.ferry.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lines a child process writes to one of its streams, collected as they arrive by a daemon
 * thread, each with the time it was read, so tests can await a line and measure when it came.
 */
final class ProcessOutput {
    /** One line and the {@link System#nanoTime()} at which it was read. */
    record Line(String text, long nanoTime) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ProcessOutput(InputStream stream, String name) {
        reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    stream, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    lines.add(new Line(line, System.nanoTime()));
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        name);
        reader.setDaemon(true);
        reader.start();
    }

    static ProcessOutput of(InputStream stream, String name) {
        return new ProcessOutput(stream, name);
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    /** All lines read so far, one per line, for failure messages. */
    String text() {
        return String.join("\n", texts());
    }

    /** Waits until the stream is closed (the process ended) and every line is read. */
    void awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
    }
}

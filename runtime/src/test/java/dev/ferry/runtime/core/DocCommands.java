package dev.ferry.runtime.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fenced blocks of a page under {@code docs/}, and its shell commands run as a reader runs them
 * (through {@code bash}), with the documented ports swapped for free ones.
 */
final class DocCommands {
    /** What a command printed and how it ended. */
    record Result(int exitCode, String out) {}

    private final List<String[]> blocks;

    private DocCommands(List<String[]> blocks) {
        this.blocks = blocks;
    }

    /** Reads {@code docs/<page>} of this repository. */
    static DocCommands read(String page) throws IOException {
        List<String[]> blocks = new ArrayList<>();
        String language = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("..", "docs", page))) {
            if (line.startsWith("```")) {
                if (language == null) {
                    language = line.substring(3).strip();
                    text.setLength(0);
                } else {
                    blocks.add(new String[] {language, text.toString()});
                    language = null;
                }
            } else if (language != null) {
                text.append(line).append('\n');
            }
        }
        return new DocCommands(blocks);
    }

    /** The text of every block fenced with {@code language} ("" for none), in page order. */
    List<String> blocks(String language) {
        return blocks.stream().filter(b -> b[0].equals(language)).map(b -> b[1]).toList();
    }

    /** Every line of every {@code bash} block, in page order. */
    List<String> commands() {
        return blocks("bash").stream().flatMap(String::lines).filter(l -> !l.isBlank()).toList();
    }

    /** Runs {@code command} with bash after replacing each key of {@code replace} by its value. */
    static Result run(String command, Map<String, String> replace) throws Exception {
        String line = command;
        for (Map.Entry<String, String> swap : replace.entrySet()) {
            line = line.replace(swap.getKey(), swap.getValue());
        }
        Process process =
                new ProcessBuilder("bash", "-c", line)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            if (!process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("'" + line + "' did not end within 30 s");
            }
            return new Result(
                    process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }
}

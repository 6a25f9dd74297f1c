package dev.ferry.runtime.core.io;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads the generator's numbers from Flink's number sequence reader, with two changes: at a fixed
 * rate, number {@code n} is not emitted before {@code n / rate} seconds after the first one (the
 * reader waits without blocking the task: it reports nothing available until a timer fires), and at
 * the end of the sequence it stays idle instead of ending the input.
 */
final class GeneratorReader implements SourceReader<Long, NumberSequenceSplit> {
    /** When the latest generator in this JVM emitted number 0 (for latency measurement). */
    private static volatile long firstEmitNanos;

    private final SourceReader<Long, NumberSequenceSplit> numbers;
    private final long rate;
    private final CompletableFuture<Void> never = new CompletableFuture<>();
    private ScheduledExecutorService timer;
    private CompletableFuture<Void> due;
    private long startNanos;
    private long first = -1;
    private long last = -1;

    GeneratorReader(SourceReader<Long, NumberSequenceSplit> numbers, long rate) {
        this.numbers = numbers;
        this.rate = rate;
    }

    static long firstEmitNanos() {
        return firstEmitNanos;
    }

    @Override
    public void start() {
        numbers.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
        if (rate > 0 && first >= 0) {
            long dueNanos = startNanos + (last + 1 - first) * 1_000_000_000L / rate;
            long wait = dueNanos - System.nanoTime();
            if (wait > 0) {
                CompletableFuture<Void> next = new CompletableFuture<>();
                due = next;
                scheduler().schedule(() -> next.complete(null), wait, TimeUnit.NANOSECONDS);
                return InputStatus.NOTHING_AVAILABLE;
            }
        }
        InputStatus status = numbers.pollNext(new Noting(output));
        if (status == InputStatus.END_OF_INPUT) {
            due = never; // every number was emitted: idle until the job stops
            return InputStatus.NOTHING_AVAILABLE;
        }
        return status;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return due != null && !due.isDone() ? due : numbers.isAvailable();
    }

    @Override
    public List<NumberSequenceSplit> snapshotState(long checkpointId) {
        return numbers.snapshotState(checkpointId);
    }

    @Override
    public void addSplits(List<NumberSequenceSplit> splits) {
        numbers.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        numbers.notifyNoMoreSplits();
    }

    @Override
    public void close() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
        }
        numbers.close();
    }

    private ScheduledExecutorService scheduler() {
        if (timer == null) {
            timer =
                    Executors.newSingleThreadScheduledExecutor(
                            task -> {
                                Thread thread = new Thread(task, "ferry-generator-pace");
                                thread.setDaemon(true);
                                return thread;
                            });
        }
        return timer;
    }

    /** Emits through {@code output} and notes the numbers: the pace is counted from the first. */
    private final class Noting implements ReaderOutput<Long> {
        private final ReaderOutput<Long> output;

        Noting(ReaderOutput<Long> output) {
            this.output = output;
        }

        private void note(long number) {
            long now = System.nanoTime();
            if (first < 0) {
                first = number;
                startNanos = now;
            }
            if (number == 0) {
                firstEmitNanos = now;
            }
            last = number;
        }

        @Override
        public void collect(Long number) {
            note(number);
            output.collect(number);
        }

        @Override
        public void collect(Long number, long timestamp) {
            note(number);
            output.collect(number, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }

        @Override
        public SourceOutput<Long> createOutputForSplit(String splitId) {
            return output.createOutputForSplit(splitId);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            output.releaseOutputForSplit(splitId);
        }
    }
}

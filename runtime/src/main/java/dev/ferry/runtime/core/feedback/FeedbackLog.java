package dev.ferry.runtime.core.feedback;

import dev.ferry.runtime.core.message.Envelope;
import dev.ferry.runtime.core.message.EnvelopeSerializer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * The feedback messages a checkpoint may still need, in the order they were sent, each with its
 * sequence number. Kept in memory up to a byte budget; past it, further messages go to a spill file
 * in the task's temporary directory until every spilled message is no longer needed, then the file
 * is deleted and the log is in memory again. A burst of fan-out during a slow checkpoint therefore
 * costs disk, not heap.
 *
 * <p>Not thread-safe: its channel calls it under its own lock.
 */
final class FeedbackLog implements AutoCloseable {
    /** What one kept message costs besides its value and names: object headers and references. */
    private static final int ENTRY_OVERHEAD_BYTES = 96;

    private record Entry(long sequence, Envelope envelope, long bytes) {}

    private final long memoryBudgetBytes;
    private final Path spillDirectory;
    private final ArrayDeque<Entry> memory = new ArrayDeque<>();
    private long memoryBytes;

    private Path spillFile;
    private DataOutputViewStreamWrapper spillOut;
    private long spilledCount;
    private long spilledBytes;
    private long lastSpilledSequence;

    /**
     * @param memoryBudgetBytes how much heap the kept messages may use before spilling
     * @param spillDirectory where spill files go (the task's temporary directory)
     */
    FeedbackLog(long memoryBudgetBytes, Path spillDirectory) {
        this.memoryBudgetBytes = memoryBudgetBytes;
        this.spillDirectory = spillDirectory;
    }

    /** A log that never spills (tests, and channels created without task context). */
    static FeedbackLog inMemory() {
        return new FeedbackLog(Long.MAX_VALUE, null);
    }

    void append(long sequence, Envelope envelope) {
        long bytes = estimatedBytes(envelope);
        if (spillFile == null && memoryBytes + bytes <= memoryBudgetBytes) {
            memory.add(new Entry(sequence, envelope, bytes));
            memoryBytes += bytes;
            return;
        }
        try {
            if (spillFile == null) {
                openSpillFile();
            }
            spillOut.writeLong(sequence);
            EnvelopeSerializer.INSTANCE.serialize(envelope, spillOut);
            spilledCount++;
            spilledBytes += bytes;
            lastSpilledSequence = sequence;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot spill feedback messages to " + spillDirectory, e);
        }
    }

    /** Adds every kept message with a sequence number above {@code after} to {@code into}. */
    void collectAfter(long after, List<Envelope> into) {
        for (Entry entry : memory) {
            if (entry.sequence() > after) {
                into.add(entry.envelope());
            }
        }
        if (spillFile == null || lastSpilledSequence <= after) {
            return;
        }
        try {
            spillOut.flush();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(spillFile))) {
                DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
                for (long i = 0; i < spilledCount; i++) {
                    long sequence = view.readLong();
                    Envelope envelope = EnvelopeSerializer.INSTANCE.deserialize(view);
                    if (sequence > after) {
                        into.add(envelope);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spilled feedback messages", e);
        }
    }

    /** Forgets every message with a sequence number up to {@code floor}: no checkpoint needs it. */
    void forgetUpTo(long floor) {
        Iterator<Entry> oldest = memory.iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next();
            if (entry.sequence() > floor) {
                break;
            }
            memoryBytes -= entry.bytes();
            oldest.remove();
        }
        // Spilled messages are all newer than those in memory: the file goes as a whole.
        if (spillFile != null && lastSpilledSequence <= floor) {
            deleteSpillFile();
        }
    }

    int size() {
        return memory.size() + (int) spilledCount;
    }

    /** Whether messages are on disk now (for metrics and tests). */
    /** The estimated heap taken by the messages kept in memory. */
    long memoryBytes() {
        return memoryBytes;
    }

    /** The estimated size of the messages in the spill file (0 without one). */
    long spilledBytes() {
        return spilledBytes;
    }

    boolean spilling() {
        return spillFile != null;
    }

    @Override
    public void close() {
        memory.clear();
        memoryBytes = 0;
        if (spillFile != null) {
            deleteSpillFile();
        }
    }

    private void openSpillFile() throws IOException {
        if (spillDirectory == null) {
            throw new IOException("no spill directory");
        }
        Files.createDirectories(spillDirectory);
        spillFile = Files.createTempFile(spillDirectory, "ferry-feedback-", ".spill");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(spillFile), 64 * 1024);
        spillOut = new DataOutputViewStreamWrapper(out);
        spilledCount = 0;
        spilledBytes = 0;
    }

    private void deleteSpillFile() {
        try {
            spillOut.close();
            Files.deleteIfExists(spillFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spill file " + spillFile, e);
        } finally {
            spillFile = null;
            spillOut = null;
            spilledCount = 0;
            spilledBytes = 0;
        }
    }

    private static long estimatedBytes(Envelope envelope) {
        long names =
                envelope.typename().length()
                        + envelope.target().id().length()
                        + (envelope.caller() == null ? 0 : envelope.caller().id().length());
        return ENTRY_OVERHEAD_BYTES + envelope.value().length + 2 * names;
    }
}

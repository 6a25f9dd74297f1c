package dev.ferry.runtime.core.io;

import java.util.Collection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Emits the sequence numbers {@code 0, 1, 2, ...} at a fixed rate (or as fast as possible), up to a
 * count. Its position is part of every checkpoint, so after a restore it continues exactly where
 * the checkpoint left it. After the last number it stays idle rather than finishing: a Ferry job is
 * a streaming application that runs until it is stopped, and a finished source would end the
 * feedback loop.
 *
 * <p>It is a source of Flink's source API (Flink's {@link NumberSequenceSource} paced and kept
 * running by {@link GeneratorReader}), not a legacy {@code SourceFunction}: a legacy source emits
 * from its own thread under the checkpoint lock, and when its output is back-pressured that thread
 * holds the lock while it waits for a buffer and takes it again at once, so a checkpoint could wait
 * seconds for the lock. Here the task's own thread polls the reader between other work, and a
 * checkpoint starts as soon as it is triggered.
 */
public final class GeneratorSource
        implements Source<Long, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
                ResultTypeQueryable<Long> {
    private static final long serialVersionUID = 1L;

    private final long rate;
    private final NumberSequenceSource numbers;

    /**
     * @param rate messages per second, 0 for as fast as possible
     * @param count messages in all, 0 for unbounded
     */
    public GeneratorSource(long rate, long count) {
        this.rate = rate;
        this.numbers = new NumberSequenceSource(0, count > 0 ? count - 1 : Long.MAX_VALUE - 1);
    }

    /**
     * {@link System#nanoTime()} at which the latest generator of this JVM emitted number 0. At a
     * fixed rate, number {@code n} is due {@code n / rate} seconds later: benchmarks measure
     * end-to-end latency from there.
     */
    public static long firstEmitNanos() {
        return GeneratorReader.firstEmitNanos();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<Long, NumberSequenceSplit> createReader(SourceReaderContext context)
            throws Exception {
        return new GeneratorReader(numbers.createReader(context), rate);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context) {
        return numbers.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
            SplitEnumeratorContext<NumberSequenceSplit> context,
            Collection<NumberSequenceSplit> checkpoint) {
        return numbers.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
        return numbers.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<NumberSequenceSplit>>
            getEnumeratorCheckpointSerializer() {
        return numbers.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<Long> getProducedType() {
        return Types.LONG;
    }
}

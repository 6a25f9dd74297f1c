package dev.ferry.runtime.core.feedback;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the head and the tail of one subtask find their shared channel: one per job, subtask index
 * and attempt, so a restarted attempt never sees the messages of a failed one.
 */
public final class FeedbackChannels {
    private record Key(String job, int subtask, int attempt) {}

    private record Entry(FeedbackChannel channel, int users) {}

    private static final Map<Key, Entry> CHANNELS = new HashMap<>();

    private FeedbackChannels() {}

    /** The channel for this subtask attempt, created on first use. Pair with {@link #release}. */
    public static synchronized FeedbackChannel acquire(String job, int subtask, int attempt) {
        return acquire(job, subtask, attempt, FeedbackLog::inMemory);
    }

    /**
     * As {@link #acquire(String, int, int)}, the channel's log made by {@code log} when the channel
     * is created.
     */
    static synchronized FeedbackChannel acquire(
            String job, int subtask, int attempt, Supplier<FeedbackLog> log) {
        Key key = new Key(job, subtask, attempt);
        Entry entry = CHANNELS.get(key);
        if (entry == null) {
            entry = new Entry(new FeedbackChannel(log.get()), 0);
        }
        CHANNELS.put(key, new Entry(entry.channel(), entry.users() + 1));
        return entry.channel();
    }

    public static synchronized void release(String job, int subtask, int attempt) {
        Key key = new Key(job, subtask, attempt);
        Entry entry = CHANNELS.get(key);
        if (entry == null) {
            return;
        }
        if (entry.users() <= 1) {
            CHANNELS.remove(key);
            entry.channel().close();
        } else {
            CHANNELS.put(key, new Entry(entry.channel(), entry.users() - 1));
        }
    }

    /** Channels currently open (tests check that none leak). */
    public static synchronized int open() {
        return CHANNELS.size();
    }
}

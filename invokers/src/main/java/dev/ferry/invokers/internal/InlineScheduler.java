package dev.ferry.invokers.internal;

import dev.failsafe.spi.DefaultScheduledFuture;
import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Failsafe's scheduler for invokers: work due now (the first attempt of an invocation) runs at once
 * on the calling thread, which only starts non-blocking I/O; delayed work (backoff, the deadline)
 * goes to one shared timer thread. Without it every attempt would hop through a fork-join pool
 * first, a queue that on a small machine adds latency and can starve.
 */
final class InlineScheduler implements Scheduler {
    static final InlineScheduler INSTANCE = new InlineScheduler();

    private final ScheduledExecutorService timer;

    private InlineScheduler() {
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(
                        1,
                        runnable -> {
                            Thread thread = new Thread(runnable, "ferry-invoker-timer");
                            thread.setDaemon(true);
                            return thread;
                        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        if (delay > 0) {
            return timer.schedule(callable, delay, unit);
        }
        try {
            callable.call();
        } catch (Exception e) {
            // Failsafe's own callables record their failures themselves.
        }
        return new DefaultScheduledFuture<Object>() {};
    }
}

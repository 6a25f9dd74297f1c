package dev.ferry.adapters.knative.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    void givesOutAtMostLimitSlots() {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        limit.release();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.running()).isEqualTo(2);
    }

    @Test
    void zeroIsUnbounded() {
        ConcurrencyLimit limit = new ConcurrencyLimit(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limit.tryAcquire()).isTrue();
        }
    }

    @Test
    void holdsUnderContention() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(
                    () -> {
                        for (int i = 0; i < 20_000; i++) {
                            if (limit.tryAcquire()) {
                                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                inside.decrementAndGet();
                                limit.release();
                            }
                        }
                    });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isLessThanOrEqualTo(3);
        assertThat(limit.running()).isZero();
    }
}

package dev.ferry.adapters.gcp;

import dev.ferry.protocol.conformance.ConformanceFunctions;

/**
 * The conformance suite's functions behind the adapter; the size limit comes from the environment.
 */
public final class ConformanceHttpFunction extends FerryHttpFunction {
    public ConformanceHttpFunction() {
        super(new ConformanceFunctions().get());
    }
}

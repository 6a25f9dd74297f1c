package dev.ferry.adapters.gcp;

import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.protocol.testing.CounterFunctions;

/** {@code test/counter} ({@link CounterFunctions}) in a subclass of the adapter. */
public final class SdkCounterFunction extends FerryHttpFunction {
    public SdkCounterFunction() {
        super(StatefulFunctionsHandler.of(new CounterFunctions().get()));
    }
}

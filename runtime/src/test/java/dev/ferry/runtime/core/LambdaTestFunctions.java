package dev.ferry.runtime.core;

import dev.ferry.adapters.aws.FerryLambdaHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;

/**
 * The runtime tests' StateFun SDK functions ({@link TestFunctions}) deployed as a Lambda handler,
 * run by the real runtime interface client in {@link LambdaExactlyOnceITCase}.
 */
public final class LambdaTestFunctions extends FerryLambdaHandler {
    public LambdaTestFunctions() {
        super(StatefulFunctionsHandler.of(TestFunctions.all()));
    }
}

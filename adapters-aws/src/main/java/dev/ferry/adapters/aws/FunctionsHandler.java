package dev.ferry.adapters.aws;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * A ready-made Lambda handler configured by the environment, for deploying functions without
 * writing a handler class: {@code FERRY_FUNCTIONS} names a class with a public no-argument
 * constructor that is a {@link RemoteHandler}, or a {@link Supplier} of one or of StateFun SDK
 * {@code StatefulFunctions}; {@code FERRY_MAX_REQUEST_BYTES}, when set, limits the request body
 * (413 above it). Deploy with the handler {@code
 * dev.ferry.adapters.aws.FunctionsHandler::handleRequest}.
 *
 * <p>The class is loaded and the functions built once, at init (before a SnapStart snapshot). A
 * missing or unsuitable class fails the init, which Lambda reports as an init error.
 */
public final class FunctionsHandler extends FerryLambdaHandler {
    public static final String FUNCTIONS_VARIABLE = "FERRY_FUNCTIONS";

    public static final String MAX_REQUEST_BYTES_VARIABLE = "FERRY_MAX_REQUEST_BYTES";

    public FunctionsHandler() {
        super(
                load(System.getenv(FUNCTIONS_VARIABLE)),
                maxRequestBytes(System.getenv(MAX_REQUEST_BYTES_VARIABLE)));
    }

    static long maxRequestBytes(String value) {
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    MAX_REQUEST_BYTES_VARIABLE + " is not a number of bytes: " + value, e);
        }
    }

    static RemoteHandler load(String className) {
        if (className == null || className.isBlank()) {
            throw new IllegalStateException(
                    "set "
                            + FUNCTIONS_VARIABLE
                            + " to a class that is a RemoteHandler or a Supplier of one or of"
                            + " StatefulFunctions");
        }
        Object instance;
        try {
            Class<?> type =
                    Class.forName(className.trim(), true, FunctionsHandler.class.getClassLoader());
            instance = type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    FUNCTIONS_VARIABLE + " names " + className + ", which is not on the class path",
                    e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(
                    className + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    className + " failed to construct: " + e.getCause(), e.getCause());
        }
        if (instance instanceof Supplier<?> supplier) {
            instance = supplier.get();
        }
        if (instance instanceof RemoteHandler handler) {
            return handler;
        }
        if (instance != null && isStatefulFunctions(instance)) {
            return bindSdk(instance);
        }
        throw new IllegalStateException(
                className
                        + " is not a RemoteHandler nor a Supplier of one or of StatefulFunctions"
                        + " (it gave "
                        + (instance == null ? "null" : instance.getClass().getName())
                        + ")");
    }

    private static boolean isStatefulFunctions(Object instance) {
        return instance.getClass()
                .getName()
                .equals("org.apache.flink.statefun.sdk.java.StatefulFunctions");
    }

    /**
     * {@code StatefulFunctionsHandler.of(functions)}, looked up at run time: the SDK is on the
     * function's class path, not on the adapter's.
     */
    private static RemoteHandler bindSdk(Object functions) {
        try {
            return (RemoteHandler)
                    StatefulFunctionsHandler.class
                            .getMethod("of", functions.getClass())
                            .invoke(null, functions);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "binding the StateFun SDK functions failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind the StateFun SDK functions: " + e, e);
        }
    }
}

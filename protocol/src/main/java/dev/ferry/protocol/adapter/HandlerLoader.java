package dev.ferry.protocol.adapter;

import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Turns the name of a functions class into a {@link RemoteHandler}: the class has a public
 * no-argument constructor and is a {@code RemoteHandler}, or a {@code Supplier} of one or of the
 * StateFun SDK's {@code StatefulFunctions}. Adapters load the class named by {@code
 * FERRY_FUNCTIONS} with it, once, at start.
 */
public final class HandlerLoader {
    private static final String SDK_FUNCTIONS =
            "org.apache.flink.statefun.sdk.java.StatefulFunctions";

    private HandlerLoader() {}

    /**
     * @throws IllegalArgumentException when the class is missing or of another shape
     * @throws IllegalStateException when its constructor or its {@code get()} throws
     */
    public static RemoteHandler load(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "functions class " + className + " is not on the class path", e);
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(
                    "functions class " + className + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "constructing " + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + className + ": " + e, e);
        }
        if (instance instanceof RemoteHandler handler) {
            return handler;
        }
        if (!(instance instanceof Supplier<?> supplier)) {
            throw new IllegalArgumentException(
                    "functions class "
                            + className
                            + " is not a RemoteHandler nor a Supplier of one or of"
                            + " StatefulFunctions");
        }
        Object supplied;
        try {
            supplied = supplier.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException(className + ".get() failed: " + e, e);
        }
        if (supplied instanceof RemoteHandler handler) {
            return handler;
        }
        if (supplied != null && isSdkFunctions(supplied.getClass())) {
            return SdkBinding.handler(supplied);
        }
        throw new IllegalArgumentException(
                className
                        + ".get() returned "
                        + (supplied == null ? "null" : supplied.getClass().getName())
                        + "; expected a RemoteHandler or StatefulFunctions");
    }

    private static boolean isSdkFunctions(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SDK_FUNCTIONS)) {
                return true;
            }
        }
        return false;
    }

    /** Apart, so that the SDK's classes load only for functions written with it. */
    private static final class SdkBinding {
        static RemoteHandler handler(Object functions) {
            return StatefulFunctionsHandler.of(
                    (org.apache.flink.statefun.sdk.java.StatefulFunctions) functions);
        }
    }
}

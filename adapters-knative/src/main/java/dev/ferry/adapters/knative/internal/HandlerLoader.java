package dev.ferry.adapters.knative.internal;

import dev.ferry.protocol.RemoteHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Turns a class name into a {@link RemoteHandler}. The class has a public no-argument constructor
 * and is either a {@code RemoteHandler} itself or a {@code Supplier} of a {@code RemoteHandler} or
 * of the StateFun SDK's {@code StatefulFunctions}.
 */
public final class HandlerLoader {
    private static final String SDK_FUNCTIONS =
            "org.apache.flink.statefun.sdk.java.StatefulFunctions";

    private HandlerLoader() {}

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
            Constructor<?> constructor = type.getConstructor();
            instance = constructor.newInstance();
        } catch (NoSuchMethodException e) {
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
        if (instance instanceof Supplier<?> supplier) {
            return adapt(className, supplier.get());
        }
        throw new IllegalArgumentException(
                "functions class "
                        + className
                        + " must implement RemoteHandler or Supplier<RemoteHandler |"
                        + " StatefulFunctions>");
    }

    private static RemoteHandler adapt(String className, Object supplied) {
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

    /** Kept apart so the SDK classes load only when the SDK is used. */
    private static final class SdkBinding {
        static RemoteHandler handler(Object functions) {
            return dev.ferry.protocol.sdk.StatefulFunctionsHandler.of(
                    (org.apache.flink.statefun.sdk.java.StatefulFunctions) functions);
        }
    }
}

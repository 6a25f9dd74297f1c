package dev.ferry.runtime.module.internal;

/**
 * Binds the {@code spec} of one kind (and version) of component into its record. Each binder is
 * registered once, in {@link KindRegistry}, under the kind it names.
 */
interface KindBinder {

    /** The kind this binder reads, such as {@code io.statefun.kafka.v1/ingress}. */
    String kind();

    /** The same kind's name in StateFun's legacy {@code version: "3.0"} format, or null. */
    default String legacyKind() {
        return null;
    }

    /** Reads {@code spec}, reports what is wrong to its problems, adds what it built to parts. */
    void bind(SpecReader spec, ModuleParts parts);
}

package dev.ferry.runtime.module.internal;

/**
 * Binds the {@code spec} of one kind (and version) of component into its record. Each binder is
 * registered once, in {@link KindRegistry}, under the kind it reads.
 */
interface KindBinder {

    /** Reads {@code spec}, reports what is wrong to its problems, adds what it built to parts. */
    void bind(SpecReader spec, ModuleParts parts);
}

package dev.ferry.runtime.module.internal;

/** Binds the {@code spec} of one kind (and version) of component into its record. */
interface KindBinder {

    /** Reads {@code spec}, reports what is wrong to its problems, adds what it built to parts. */
    void bind(SpecReader spec, ModuleParts parts);
}

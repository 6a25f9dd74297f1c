package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;

/**
 * {@code ferry.io.v1/print}: writes each record to standard output or the log.
 *
 * @param format how a value is shown
 * @param descriptorSet with {@link Format#PROTOBUF}: a file of {@code FileDescriptorSet} (as {@code
 *     protoc --include_imports --descriptor_set_out=FILE} writes it); null otherwise
 */
public record PrintEgressSpec(TypeName id, Output output, Format format, String descriptorSet)
        implements EgressSpec {

    public static final String KIND = "ferry.io.v1/print";

    public enum Output {
        STDOUT,
        LOG
    }

    /**
     * How a value is shown. Values of StateFun's own types ({@code io.statefun.types/*}) are always
     * decoded; the format applies to every other type.
     */
    public enum Format {
        /** The value's type and size only. */
        AUTO,
        /** The bytes as UTF-8 text. */
        TEXT,
        /** The bytes as JSON, on one line; a value that is not JSON shows as hex. */
        JSON,
        BASE64,
        HEX,
        /**
         * Protobuf text format of the message whose full name is the type name's part after '/'
         * (StateFun's convention: {@code namespace/com.example.Receipt}), from the descriptor set.
         */
        PROTOBUF
    }

    /** Prints as StateFun's primitives decode, other types by type and size. */
    public PrintEgressSpec(TypeName id, Output output) {
        this(id, output, Format.AUTO, null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

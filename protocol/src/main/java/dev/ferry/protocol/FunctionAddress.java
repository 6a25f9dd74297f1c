package dev.ferry.protocol;

import dev.ferry.protocol.wire.Address;
import java.io.Serializable;
import java.util.Objects;

/** One function instance: a function type and an id within it. */
public record FunctionAddress(TypeName type, String id) implements Serializable {

    public FunctionAddress {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static FunctionAddress of(String namespace, String name, String id) {
        return new FunctionAddress(new TypeName(namespace, name), id);
    }

    /** Converts from the wire form. */
    public static FunctionAddress fromProto(Address address) {
        return of(address.getNamespace(), address.getType(), address.getId());
    }

    /** Converts to the wire form. */
    public Address toProto() {
        return Address.newBuilder()
                .setNamespace(type.namespace())
                .setType(type.name())
                .setId(id)
                .build();
    }

    @Override
    public String toString() {
        return type.asString() + ":" + id;
    }
}

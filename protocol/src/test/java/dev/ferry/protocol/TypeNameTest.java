package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeNameTest {

    @Test
    void parsesNamespaceAndName() {
        TypeName name = TypeName.parse("com.example.fraud/merchant-score");
        assertThat(name.namespace()).isEqualTo("com.example.fraud");
        assertThat(name.name()).isEqualTo("merchant-score");
        assertThat(name.asString()).isEqualTo("com.example.fraud/merchant-score");
    }

    @Test
    void requiresExactlyOneSlashWithTextOnBothSides() {
        for (String bad : new String[] {"noslash", "/name", "ns/", "a/b/c", ""}) {
            assertThatThrownBy(() -> TypeName.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("<namespace>/<name>");
        }
    }

    @Test
    void addressesConvertToAndFromTheWire() {
        FunctionAddress address = FunctionAddress.of("fraud", "model", "tx-1");
        assertThat(FunctionAddress.fromProto(address.toProto())).isEqualTo(address);
        assertThat(address.toProto().getNamespace()).isEqualTo("fraud");
        assertThat(address.toProto().getType()).isEqualTo("model");
        assertThat(address.toProto().getId()).isEqualTo("tx-1");
    }
}

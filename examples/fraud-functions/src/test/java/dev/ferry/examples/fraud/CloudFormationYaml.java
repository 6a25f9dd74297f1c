package dev.ferry.examples.fraud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a CloudFormation or SAM template: its short-form intrinsic functions ({@code !Ref X},
 * {@code !GetAtt A.B}, ...) are YAML tags no plain YAML reader knows, so they are read as their
 * long form ({@code {Ref: X}}, {@code {Fn::GetAtt: A.B}}). A literal value stays a plain string.
 */
final class CloudFormationYaml {
    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path template) throws IOException {
        LoadSettings settings = LoadSettings.builder().setLabel(template.toString()).build();
        Object document =
                new Load(settings, new IntrinsicFunctions(settings))
                        .loadFromString(Files.readString(template));
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException(template + " is not a YAML mapping");
        }
        return (Map<String, Object>) document;
    }

    /** Builds an unknown tag's node as a one-entry map from the function's name to its value. */
    private static final class IntrinsicFunctions extends StandardConstructor {
        IntrinsicFunctions(LoadSettings settings) {
            super(settings);
        }

        @Override
        protected Optional<ConstructNode> findConstructorFor(Node node) {
            Optional<ConstructNode> known = super.findConstructorFor(node);
            String tag = node.getTag().getValue();
            if (known.isPresent() || !tag.startsWith("!")) {
                return known;
            }
            String name =
                    tag.equals("!Ref") || tag.equals("!Condition")
                            ? tag.substring(1)
                            : "Fn::" + tag.substring(1);
            return Optional.of(intrinsic -> Map.of(name, value(intrinsic)));
        }

        private Object value(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }
    }
}

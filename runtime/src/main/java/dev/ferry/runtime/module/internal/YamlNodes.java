package dev.ferry.runtime.module.internal;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Looks at raw YAML nodes without reading them as a spec: their text, emptiness and shape. */
final class YamlNodes {

    private YamlNodes() {}

    /** The text of a non-null scalar, else null. */
    static String scalarText(Node node) {
        return node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())
                ? scalar.getValue()
                : null;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    /** What a node is, for a message: "a mapping", "a list", "empty" or its quoted text. */
    static String describe(Node node) {
        if (node == null) {
            return "missing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "empty";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    /** The value node of {@code key} in a mapping node, without reading it; null if absent. */
    static Node lookup(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (key.equals(scalarText(tuple.getKeyNode()))) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }
}

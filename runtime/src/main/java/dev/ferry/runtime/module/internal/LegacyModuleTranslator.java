package dev.ferry.runtime.module.internal;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads StateFun's single-document {@code version: "3.0"} format and hands each component to the
 * binder of the kind it became in 3.1: {@code http} endpoints are {@code
 * io.statefun.endpoints.v1/http}, {@code io.statefun.kafka/ingress} is {@code
 * io.statefun.kafka.v1/ingress}, and so on; {@code meta.id} moves into {@code spec.id}.
 */
final class LegacyModuleTranslator {
    private LegacyModuleTranslator() {}

    static void translate(SpecReader root, ModuleParts parts) {
        if (!root.has("version")) {
            // StateFun 3 refuses this format too; its functions/routers have no 3.x meaning, so
            // one problem says it all.
            root.problem(
                    "version",
                    "a 'module' without 'version' is StateFun's 2.x module format, which is not"
                            + " supported",
                    "version: \"3.0\" with endpoints, ingresses and egresses, or the"
                            + " multi-document format of kind/spec documents");
            return;
        }
        String version = root.string("version");
        if (version != null && !version.equals("3.0")) {
            root.problem(
                    "version",
                    "module format version '" + version + "' is not supported",
                    "\"3.0\", or the multi-document format of kind/spec documents");
        }
        SpecReader module = root.requiredObject("module");
        root.finish();
        if (module == null) {
            return;
        }
        SpecReader meta = module.object("meta");
        String type = meta.optString("type", "remote");
        if (!type.equals("remote")) {
            meta.problem("type", "module.meta.type '" + type + "' is not supported", "remote");
        }
        meta.finish();
        SpecReader spec = module.requiredObject("spec");
        module.finish();
        if (spec == null) {
            return;
        }
        components(spec, "endpoints", "endpoint", parts);
        components(spec, "ingresses", "ingress", parts);
        components(spec, "egresses", "egress", parts);
        spec.finish();
    }

    private static void components(
            SpecReader spec, String listKey, String itemKey, ModuleParts parts) {
        spec.listOf(
                listKey,
                false,
                item -> {
                    SpecReader wrapper = SpecReader.of(item.node(), item.path(), spec.problems());
                    SpecReader component = wrapper.requiredObject(itemKey);
                    wrapper.finish();
                    if (component != null) {
                        bind(component, parts);
                    }
                    return null;
                });
    }

    private static void bind(SpecReader component, ModuleParts parts) {
        SpecReader meta = component.requiredObject("meta");
        if (meta == null) {
            component.finish();
            return;
        }
        // Endpoints name their kind under "kind", ingresses and egresses under "type".
        String legacyKind = meta.has("kind") ? meta.string("kind") : meta.string("type");
        Node idNode = meta.value("id");
        meta.optString("id", null);
        meta.finish();
        Node specNode = ModuleReader.specNode(component);
        if (legacyKind == null || specNode == null) {
            return;
        }
        KindBinder binder = KindRegistry.forLegacyKind(legacyKind);
        if (binder == null) {
            meta.problem(
                    meta.has("kind") ? "kind" : "type",
                    "legacy component kind '" + legacyKind + "' is unknown",
                    "one of " + String.join(", ", KindRegistry.legacyKinds()));
            return;
        }
        Node withId = idNode == null ? specNode : withId(specNode, idNode);
        binder.bind(SpecReader.of(withId, component.path() + ".spec", component.problems()), parts);
    }

    private static Node withId(Node spec, Node id) {
        if (!(spec instanceof MappingNode mapping)) {
            return spec;
        }
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        tuples.add(new NodeTuple(new ScalarNode(Tag.STR, "id", ScalarStyle.PLAIN), id));
        MappingNode copy =
                new MappingNode(
                        Tag.MAP,
                        true,
                        tuples,
                        FlowStyle.BLOCK,
                        mapping.getStartMark(),
                        mapping.getEndMark());
        return copy;
    }
}

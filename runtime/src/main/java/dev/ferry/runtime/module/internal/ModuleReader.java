package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns the text of one module file into a {@link Module}: a stream of {@code {kind, spec}}
 * documents, or StateFun's legacy single {@code version: "3.0"} document. Every problem in the file
 * is collected before failing.
 */
public final class ModuleReader {

    private ModuleReader() {}

    public static Module read(String file, String text) {
        return read(file, text, System::getenv);
    }

    /** Reads with {@code ${env:NAME}} resolved by {@code variables} instead of the environment. */
    public static Module read(String file, String text, Function<String, String> variables) {
        Problems problems = new Problems(file, variables);
        ModuleParts parts = new ModuleParts();
        List<Node> documents = compose(file, text, problems);
        if (documents.size() == 1 && isLegacy(documents.get(0))) {
            LegacyModuleTranslator.translate(
                    SpecReader.of(documents.get(0), "the module", problems), parts);
        } else {
            for (Node document : documents) {
                bindDocument(document, problems, parts);
            }
        }
        parts.check(problems);
        if (!problems.isEmpty()) {
            throw new ModuleException(problems.sorted());
        }
        return parts.toModule();
    }

    private static List<Node> compose(String file, String text, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setUseMarks(true).build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Compose(settings).composeAllFromString(text)) {
                if (document != null && !isNullNode(document)) {
                    documents.add(document);
                }
            }
        } catch (MarkedYamlEngineException e) {
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            problems.at(
                    e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark(),
                    "YAML syntax error: "
                            + problem
                            + (e.getContext() == null ? "" : " (" + e.getContext() + ")"),
                    "well-formed YAML");
        } catch (YamlEngineException e) {
            problems.at(
                    java.util.Optional.empty(),
                    "YAML syntax error: " + e.getMessage(),
                    "well-formed YAML");
        }
        return documents;
    }

    /** A component's {@code spec}, reported when missing; the component is then finished. */
    static Node specNode(SpecReader component) {
        Node spec = component.value("spec");
        if (spec == null) {
            component.requiredObject("spec");
        }
        component.finish();
        return spec;
    }

    private static boolean isLegacy(Node document) {
        // A "module" without "version" is StateFun 2.x's format: read as legacy so that the
        // problem named is the missing version, not three about kind, spec and module.
        return (YamlNodes.lookup(document, "version") != null
                        || YamlNodes.lookup(document, "module") != null)
                && YamlNodes.lookup(document, "kind") == null;
    }

    private static boolean isNullNode(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static void bindDocument(Node document, Problems problems, ModuleParts parts) {
        SpecReader component = SpecReader.of(document, "the document", problems);
        if (!(document instanceof MappingNode)) {
            return;
        }
        String kind = component.string("kind");
        Node specNode = specNode(component);
        if (kind == null || specNode == null) {
            return;
        }
        KindBinder binder = KindRegistry.forKind(kind);
        if (binder == null) {
            component.problem(
                    "kind",
                    "unknown kind '" + kind + "'",
                    "one of " + String.join(", ", KindRegistry.kinds()));
            return;
        }
        binder.bind(SpecReader.of(specNode, "spec", problems), parts);
    }
}

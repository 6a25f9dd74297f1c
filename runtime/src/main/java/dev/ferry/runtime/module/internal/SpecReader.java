package dev.ferry.runtime.module.internal;

import dev.ferry.protocol.TypeName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the keys of one YAML mapping into typed values, reporting every problem (missing key, wrong
 * type, bad value, unknown key) at the node it concerns and carrying on, so one pass finds all of
 * them. A getter that meets a bad value reports it and returns the default (or null).
 *
 * <p>Call {@link #finish()} when every key is read: what was never asked for is an unknown key.
 */
public final class SpecReader {
    /** How a value written as text is parsed, and how a message names what it should be. */
    private record TextFormat<T>(Function<String, T> parse, String noun, String expected) {}

    private static final TextFormat<Duration> DURATION =
            new TextFormat<>(
                    TimeUtils::parseDuration,
                    "a duration",
                    "a number with a unit, such as 500ms, 30s, 2m, 1 h or 1 d");
    private static final TextFormat<TypeName> TYPE_NAME =
            new TextFormat<>(
                    TypeName::parse, "a type name", "<namespace>/<name> with exactly one '/'");

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new TreeSet<>();

    private SpecReader(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = YamlNodes.scalarText(tuple.getKeyNode());
                if (key == null) {
                    problems.at(
                            tuple.getKeyNode(), "a key in " + path + " is not text", "a plain key");
                } else if (entries.putIfAbsent(key, tuple) != null) {
                    problems.at(
                            tuple.getKeyNode(),
                            "'" + key + "' appears twice in " + path,
                            "each key once");
                }
            }
        }
    }

    /**
     * A reader over {@code node}, which must be a mapping; otherwise the problem is reported and an
     * empty reader is returned (its getters then report missing keys only when required).
     */
    public static SpecReader of(Node node, String path, Problems problems) {
        if (!(node instanceof MappingNode)) {
            problems.at(
                    node, path + " is " + YamlNodes.describe(node), "a mapping of keys to values");
        }
        return new SpecReader(node, path, problems);
    }

    public Node node() {
        return node;
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    /** Whether the key is present with a non-null value. */
    public boolean has(String key) {
        known.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple != null && !YamlNodes.isNull(tuple.getValueNode());
    }

    /** The value node of a key, or null when absent or null. */
    public Node value(String key) {
        return has(key) ? entries.get(key).getValueNode() : null;
    }

    /** Reports a problem at the value of {@code key}, or at this mapping when it is absent. */
    public void problem(String key, String message, String expected) {
        Node at = entries.containsKey(key) ? entries.get(key).getValueNode() : node;
        problems.at(at, message, expected);
    }

    // ---- scalars --------------------------------------------------------------------------

    public String string(String key) {
        return required(key, "a string", this::stringValue);
    }

    public String optString(String key, String defaultValue) {
        return has(key) ? stringValue(value(key), where(key)) : defaultValue;
    }

    public int optInt(String key, int defaultValue) {
        Long value = optLong(key, (long) defaultValue);
        if (value == null) {
            return defaultValue;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            problem(key, where(key) + " is out of range", "a 32-bit integer");
            return defaultValue;
        }
        return value.intValue();
    }

    public Long optLong(String key, Long defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        Node value = value(key);
        String text = YamlNodes.scalarText(value);
        try {
            if (text != null && ((ScalarNode) value).getTag().equals(Tag.INT)) {
                return Long.decode(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.at(value, where(key) + " is " + YamlNodes.describe(value), "an integer");
        return defaultValue;
    }

    public double optDouble(String key, double defaultValue, double min, double max) {
        if (!has(key)) {
            return defaultValue;
        }
        Node value = value(key);
        String text = YamlNodes.scalarText(value);
        Tag tag = value instanceof ScalarNode s ? s.getTag() : null;
        if (text != null && (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag))) {
            try {
                double parsed = Double.parseDouble(text);
                if (parsed < min || parsed > max) {
                    problems.at(
                            value,
                            where(key) + " is " + text,
                            "a number from " + min + " to " + max);
                    return defaultValue;
                }
                return parsed;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.at(value, where(key) + " is " + YamlNodes.describe(value), "a number");
        return defaultValue;
    }

    public boolean optBoolean(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        Node value = value(key);
        if (value instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
        }
        problems.at(value, where(key) + " is " + YamlNodes.describe(value), "true or false");
        return defaultValue;
    }

    /** A duration in Flink notation: {@code 2m}, {@code 20s}, {@code 1 min}, {@code 500ms}. */
    public Duration duration(String key) {
        return required(key, "a duration such as 30s, 2m or 1 h", this::durationValue);
    }

    public Duration optDuration(String key, Duration defaultValue) {
        return has(key)
                ? orDefault(durationValue(value(key), where(key)), defaultValue)
                : defaultValue;
    }

    /**
     * A duration that must be above zero; one that is not is reported and still returned, so a
     * later check can name it.
     */
    public Duration optPositiveDuration(String key, Duration defaultValue) {
        return positive(key, optDuration(key, defaultValue));
    }

    /** Reports {@code value}, read from {@code key}, unless it is above zero. */
    public void positive(String key, long value, String expected) {
        if (value <= 0) {
            problem(key, where(key) + " is " + value, expected);
        }
    }

    /** Reports {@code value}, read from {@code key}, if it is below zero. */
    public void notNegative(String key, long value, String expected) {
        if (value < 0) {
            problem(key, where(key) + " is negative", expected);
        }
    }

    /** Reports {@code value}, read from {@code key}, unless it is above zero (or null). */
    public Duration positive(String key, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            problem(key, path + "." + key + " is " + value, "a duration above zero");
        }
        return value;
    }

    public TypeName typeName(String key) {
        return required(key, "a type name <namespace>/<name>", this::typeNameValue);
    }

    public TypeName optTypeName(String key) {
        return has(key) ? typeNameValue(value(key), where(key)) : null;
    }

    /** One of an enum's constants, written as its lower-case name with '-' for '_'. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        return choice(key, Choices.of(type), defaultValue);
    }

    /** One of a fixed set of words (case-insensitive), mapped to a value. */
    public <E> E choice(String key, Map<String, E> options, E defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        String text = stringValue(value(key), where(key));
        if (text == null) {
            return defaultValue;
        }
        for (Map.Entry<String, E> option : options.entrySet()) {
            if (option.getKey().equalsIgnoreCase(text)) {
                return option.getValue();
            }
        }
        problems.at(
                value(key),
                where(key) + " is '" + text + "'",
                "one of " + String.join(", ", options.keySet()));
        return defaultValue;
    }

    // ---- structures -----------------------------------------------------------------------

    /**
     * A nested mapping; when absent an empty reader (every optional key then takes its default).
     */
    public SpecReader object(String key) {
        if (!has(key)) {
            return new SpecReader(null, where(key), problems);
        }
        return SpecReader.of(value(key), where(key), problems);
    }

    /** A required nested mapping, or null (reported) when absent. */
    public SpecReader requiredObject(String key) {
        if (!has(key)) {
            missing(key, "a mapping");
            return null;
        }
        return SpecReader.of(value(key), where(key), problems);
    }

    /** The items of a list; reported and empty when the value is not a list. */
    public List<Node> list(String key, boolean required) {
        if (!has(key)) {
            if (required) {
                missing(key, "a non-empty list");
            }
            return List.of();
        }
        Node value = value(key);
        if (value instanceof SequenceNode sequence) {
            if (required && sequence.getValue().isEmpty()) {
                problems.at(value, where(key) + " is empty", "at least one item");
            }
            return sequence.getValue();
        }
        problems.at(value, where(key) + " is " + YamlNodes.describe(value), "a list");
        return List.of();
    }

    public <T> List<T> listOf(String key, boolean required, Function<ItemNode, T> reader) {
        List<Node> items = list(key, required);
        List<T> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            T value = reader.apply(new ItemNode(items.get(i), where(key) + "[" + i + "]"));
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    public List<TypeName> typeNames(String key, boolean required) {
        return listOf(key, required, item -> typeNameValue(item.node(), item.path()));
    }

    /** Reports every key that no getter asked for. */
    public void finish() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                problems.at(
                        entry.getValue().getKeyNode(),
                        "unknown key '" + entry.getKey() + "' in " + path,
                        known.isEmpty() ? "no keys here" : "one of " + String.join(", ", known));
            }
        }
    }

    // ---- values at arbitrary nodes (also used for list items) ------------------------------

    /** A list item with the path to name it by. */
    public record ItemNode(Node node, String path) {}

    public String stringValue(Node value, String what) {
        String text = YamlNodes.scalarText(value);
        if (text == null) {
            problems.at(value, what + " is " + YamlNodes.describe(value), "a string");
            return null;
        }
        return resolve(value, text);
    }

    public Duration durationValue(Node value, String what) {
        return parsed(value, what, DURATION);
    }

    public TypeName typeNameValue(Node value, String what) {
        return parsed(value, what, TYPE_NAME);
    }

    /** The text at {@code value} parsed, or null when it is not text or does not parse. */
    private <T> T parsed(Node value, String what, TextFormat<T> format) {
        String text = stringValue(value, what);
        if (text == null) {
            return null;
        }
        try {
            return format.parse().apply(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.at(value, what + " '" + text + "' is not " + format.noun(), format.expected());
            return null;
        }
    }

    private String resolve(Node at, String text) {
        return EnvReferences.resolve(text, at, problems);
    }

    private <T> T required(String key, String expected, BiFunction<Node, String, T> read) {
        if (!has(key)) {
            missing(key, expected);
            return null;
        }
        return read.apply(value(key), where(key));
    }

    private void missing(String key, String expected) {
        problems.at(node, "missing key '" + key + "' in " + path, expected);
    }

    private String where(String key) {
        return path + "." + key;
    }

    private static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }
}

package dev.ferry.runtime.module.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Replaces {@code ${env:NAME}} in string values with the environment variable, so secrets stay out
 * of module files. An undefined variable is a problem at the value that names it.
 */
final class EnvReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReferences() {}

    static String resolve(String text, Node at, Problems problems) {
        if (text.indexOf("${env:") < 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = problems.variable(name);
            if (value == null) {
                problems.at(
                        at,
                        "environment variable " + name + " is not set",
                        "a defined variable for ${env:" + name + "}");
                value = "";
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}

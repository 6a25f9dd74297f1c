package dev.ferry.invokers.http.internal;

/** Fills {@code {function.name}} in endpoint templates with the name part of a function type. */
public final class UrlTemplate {
    public static final String FUNCTION_NAME = "{function.name}";

    private UrlTemplate() {}

    public static String expand(String template, String functionName) {
        return template == null ? null : template.replace(FUNCTION_NAME, functionName);
    }
}

package dev.ferry.runtime.module.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The words a {@code choice} key accepts, in the order an error message lists them. */
final class Choices {

    private Choices() {}

    /**
     * One word per constant, in declaration order: {@code DEAD_LETTER} is {@code dead-letter}. The
     * module format spells every enumerated option this way unless a kind says otherwise.
     */
    static <E extends Enum<E>> Map<String, E> of(Class<E> type) {
        Map<String, E> words = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            words.put(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant);
        }
        return words;
    }

    /** Words and values given in pairs, for options whose words are not their constants' names. */
    static <E> Map<String, E> ordered(Object... wordsAndValues) {
        Map<String, E> words = new LinkedHashMap<>();
        for (int i = 0; i < wordsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            E value = (E) wordsAndValues[i + 1];
            words.put((String) wordsAndValues[i], value);
        }
        return words;
    }
}

package dev.ferry.runtime.module;

import dev.ferry.protocol.TypeName;
import java.util.List;

/**
 * {@code ferry.io.v1/generator}: a synthetic source for trying things and for benchmarks. Message
 * {@code n} goes to id {@code n % keySpace} of every target; its value is {@code n} (a long or int)
 * or the string {@code message-n}.
 *
 * @param valueType {@code io.statefun.types/long}, {@code /int} or {@code /string}
 * @param rate messages per second; 0 means as fast as possible
 * @param count messages in all; 0 means unbounded
 * @param keySpace how many distinct ids
 */
public record GeneratorIngressSpec(
        TypeName id, List<TypeName> targets, String valueType, long rate, long count, int keySpace)
        implements IngressSpec {

    public static final String KIND = "ferry.io.v1/generator";
    public static final int DEFAULT_KEY_SPACE = 1000;

    public GeneratorIngressSpec {
        targets = List.copyOf(targets);
    }

    @Override
    public String kind() {
        return KIND;
    }
}

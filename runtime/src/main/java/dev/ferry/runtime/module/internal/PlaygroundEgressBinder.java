package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.PlaygroundEgressSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code io.statefun.playground.v1/egress}. */
final class PlaygroundEgressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        int port = PlaygroundServerReader.port(spec);
        String bindAddress = PlaygroundServerReader.bindAddress(spec);
        Set<String> topics = new LinkedHashSet<>();
        List<String> listed =
                spec.listOf(
                        "topics",
                        true,
                        item -> {
                            String topic = spec.stringValue(item.node(), item.path());
                            if (topic != null && !topics.add(topic)) {
                                spec.problems()
                                        .at(
                                                item.node(),
                                                item.path() + " '" + topic + "' is listed twice",
                                                "each topic once");
                            }
                            return topic;
                        });
        spec.finish();
        if (port > 0 && !listed.isEmpty()) {
            parts.addEgress(
                    new PlaygroundEgressSpec(bindAddress, port, List.copyOf(topics)),
                    spec.value("port"));
        }
    }
}

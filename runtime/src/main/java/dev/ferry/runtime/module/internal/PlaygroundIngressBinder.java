package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.PlaygroundIngressSpec;

/** {@code io.statefun.playground.v1/ingress}. */
final class PlaygroundIngressBinder implements KindBinder {

    @Override
    public void bind(SpecReader spec, ModuleParts parts) {
        int port = PlaygroundServerReader.port(spec);
        String bindAddress = PlaygroundServerReader.bindAddress(spec);
        spec.finish();
        if (port > 0) {
            parts.addIngress(new PlaygroundIngressSpec(bindAddress, port), spec.value("port"));
        }
    }
}

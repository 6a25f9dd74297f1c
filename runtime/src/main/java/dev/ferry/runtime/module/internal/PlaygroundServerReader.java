package dev.ferry.runtime.module.internal;

import dev.ferry.runtime.module.PlaygroundIngressSpec;

/**
 * The keys both playground kinds share: {@code port} (required, as StateFun's playground needs it)
 * and {@code bindAddress}, Ferry's addition, loopback unless given.
 */
final class PlaygroundServerReader {
    static final int MAX_PORT = 65535;

    private PlaygroundServerReader() {}

    /** {@code port}, or -1 after reporting it missing or out of range. */
    static int port(SpecReader spec) {
        String expected = "a TCP port from 1 to " + MAX_PORT;
        if (!spec.has("port")) {
            spec.problem("port", "missing key 'port' in " + spec.path(), expected);
            return -1;
        }
        Long port = spec.optLong("port", null);
        if (port == null) {
            return -1;
        }
        if (port < 1 || port > MAX_PORT) {
            spec.problem("port", spec.path() + ".port is " + port, expected);
            return -1;
        }
        return port.intValue();
    }

    /** {@code bindAddress}: a host name or IP address, {@code 127.0.0.1} unless given. */
    static String bindAddress(SpecReader spec) {
        String address = spec.optString("bindAddress", PlaygroundIngressSpec.DEFAULT_BIND_ADDRESS);
        if (address == null || address.isBlank()) {
            spec.problem(
                    "bindAddress",
                    spec.path() + ".bindAddress is empty",
                    "a host name or IP address, such as 127.0.0.1 or 0.0.0.0 for every interface");
            return PlaygroundIngressSpec.DEFAULT_BIND_ADDRESS;
        }
        return address;
    }
}

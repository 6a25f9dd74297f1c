package dev.ferry.runtime.module;

import java.io.Serializable;

/**
 * Which AWS region (and endpoint) a Kinesis connector talks to.
 *
 * @param type default provider chain, a specific region, or a custom endpoint
 * @param id the region id for SPECIFIC and CUSTOM_ENDPOINT, else null
 * @param endpoint the endpoint URL for CUSTOM_ENDPOINT, else null
 */
public record AwsRegion(Type type, String id, String endpoint) implements Serializable {

    public enum Type {
        DEFAULT,
        SPECIFIC,
        CUSTOM_ENDPOINT
    }

    public static AwsRegion defaultChain() {
        return new AwsRegion(Type.DEFAULT, null, null);
    }
}

package dev.ferry.runtime.module;

import java.io.Serializable;

/**
 * How to obtain Google ID tokens.
 *
 * @param type application default credentials or a service-account key file
 * @param keyFile the key file for SERVICE_ACCOUNT_KEY, else null
 */
public record GcpCredentials(Type type, String keyFile) implements Serializable {

    public enum Type {
        APPLICATION_DEFAULT,
        SERVICE_ACCOUNT_KEY
    }

    public static GcpCredentials applicationDefault() {
        return new GcpCredentials(Type.APPLICATION_DEFAULT, null);
    }
}

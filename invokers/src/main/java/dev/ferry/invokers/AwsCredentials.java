package dev.ferry.invokers;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where AWS credentials come from, for the Lambda invoker and the Kinesis connectors. Fields a type
 * does not use are null. The module loader builds one while it still collects problems, so the
 * record itself accepts missing fields; {@link #requireComplete()} checks them where they are used.
 *
 * @param type the source
 * @param accessKeyId for {@link Type#STATIC}
 * @param secretAccessKey for {@link Type#STATIC}
 * @param sessionToken optional, for {@link Type#STATIC}
 * @param profileName for {@link Type#PROFILE}
 * @param profilePath optional, for {@link Type#PROFILE}: a credentials file
 * @param roleArn for {@link Type#ASSUME_ROLE}
 * @param sessionName optional, for {@link Type#ASSUME_ROLE}
 * @param externalId optional, for {@link Type#ASSUME_ROLE}
 */
public record AwsCredentials(
        Type type,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String profileName,
        String profilePath,
        String roleArn,
        String sessionName,
        String externalId)
        implements Serializable {

    /** The sources of credentials. StateFun's Kinesis {@code basic} is {@link #STATIC}. */
    public enum Type {
        DEFAULT,
        STATIC,
        PROFILE,
        ASSUME_ROLE
    }

    public static AwsCredentials defaultChain() {
        return new AwsCredentials(Type.DEFAULT, null, null, null, null, null, null, null, null);
    }

    public static AwsCredentials staticKeys(String accessKeyId, String secretAccessKey) {
        return new AwsCredentials(
                Type.STATIC, accessKeyId, secretAccessKey, null, null, null, null, null, null);
    }

    /**
     * @return this, when its type has the fields it needs
     * @throws IllegalArgumentException naming the missing fields
     */
    public AwsCredentials requireComplete() {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case STATIC -> {
                if (accessKeyId == null || secretAccessKey == null) {
                    throw new IllegalArgumentException(
                            "static credentials need accessKeyId and secretAccessKey");
                }
            }
            case PROFILE -> {
                if (profileName == null) {
                    throw new IllegalArgumentException("profile credentials need profileName");
                }
            }
            case ASSUME_ROLE -> {
                if (roleArn == null) {
                    throw new IllegalArgumentException("assume-role credentials need roleArn");
                }
            }
            case DEFAULT -> {
                // nothing to check
            }
        }
        return this;
    }

    @Override
    public String toString() {
        // Never print secrets.
        return "AwsCredentials{"
                + type
                + (profileName == null ? "" : ", profile=" + profileName)
                + (roleArn == null ? "" : ", role=" + roleArn)
                + "}";
    }
}

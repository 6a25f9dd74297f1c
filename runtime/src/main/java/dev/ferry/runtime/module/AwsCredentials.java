package dev.ferry.runtime.module;

import java.io.Serializable;

/**
 * How to authenticate to AWS. Fields a type does not use are null.
 *
 * @param type which source of credentials
 * @param accessKeyId for {@link Type#STATIC}
 * @param secretAccessKey for {@link Type#STATIC}
 * @param sessionToken optional, for {@link Type#STATIC}
 * @param profileName for {@link Type#PROFILE}
 * @param profilePath optional, for {@link Type#PROFILE}
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

    /** The sources of credentials. StateFun's {@code basic} is {@link #STATIC}. */
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

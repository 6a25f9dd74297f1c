package dev.ferry.runtime.module.internal;

import dev.ferry.invokers.AwsCredentials;
import dev.ferry.invokers.AwsCredentials.Type;
import java.util.Map;

/**
 * AWS credentials in the two spellings the module format has: StateFun's Kinesis {@code
 * awsCredentials} (default, basic or profile) and a Lambda endpoint's {@code credentials} (default,
 * static, profile or assume-role). Both read the same keys per type.
 */
final class AwsCredentialsReader {
    private static final Map<String, Type> KINESIS_TYPES =
            Choices.ordered("default", Type.DEFAULT, "basic", Type.STATIC, "profile", Type.PROFILE);

    private AwsCredentialsReader() {}

    static AwsCredentials kinesis(SpecReader parent) {
        return read(parent.object("awsCredentials"), KINESIS_TYPES);
    }

    static AwsCredentials lambda(SpecReader parent) {
        return read(parent.object("credentials"), Choices.of(Type.class));
    }

    private static AwsCredentials read(SpecReader credentials, Map<String, Type> types) {
        Type type = credentials.choice("type", types, Type.DEFAULT);
        boolean isStatic = type == Type.STATIC;
        boolean isProfile = type == Type.PROFILE;
        boolean isRole = type == Type.ASSUME_ROLE;
        AwsCredentials result =
                new AwsCredentials(
                        type,
                        isStatic ? credentials.string("accessKeyId") : null,
                        isStatic ? credentials.string("secretAccessKey") : null,
                        isStatic ? credentials.optString("sessionToken", null) : null,
                        isProfile ? credentials.string("profileName") : null,
                        isProfile ? credentials.optString("profilePath", null) : null,
                        isRole ? credentials.string("roleArn") : null,
                        isRole ? credentials.optString("sessionName", null) : null,
                        isRole ? credentials.optString("externalId", null) : null);
        credentials.finish();
        return result;
    }
}

package dev.ferry.invokers.lambda.internal;

import dev.ferry.invokers.AwsCredentials;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** The SDK credentials provider for a {@link Credentials} setting. */
public final class CredentialsProviders {
    private CredentialsProviders() {}

    /**
     * @param region the region for STS (assume-role), or null for the default chain
     */
    public static AwsCredentialsProvider of(AwsCredentials credentials, String region) {
        return switch (credentials.type()) {
            case DEFAULT -> DefaultCredentialsProvider.builder().build();
            case STATIC ->
                    StaticCredentialsProvider.create(
                            credentials.sessionToken() == null
                                    ? AwsBasicCredentials.create(
                                            credentials.accessKeyId(),
                                            credentials.secretAccessKey())
                                    : AwsSessionCredentials.create(
                                            credentials.accessKeyId(),
                                            credentials.secretAccessKey(),
                                            credentials.sessionToken()));
            case PROFILE -> {
                ProfileCredentialsProvider.Builder builder =
                        ProfileCredentialsProvider.builder().profileName(credentials.profileName());
                if (credentials.profilePath() != null) {
                    builder.profileFile(
                            ProfileFile.builder()
                                    .content(Path.of(credentials.profilePath()))
                                    .type(ProfileFile.Type.CREDENTIALS)
                                    .build());
                }
                yield builder.build();
            }
            case ASSUME_ROLE -> {
                var sts = StsClient.builder();
                if (region != null) {
                    sts.region(Region.of(region));
                }
                String session =
                        credentials.sessionName() != null ? credentials.sessionName() : "ferry";
                yield StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts.build())
                        .refreshRequest(
                                request -> {
                                    request.roleArn(credentials.roleArn()).roleSessionName(session);
                                    if (credentials.externalId() != null) {
                                        request.externalId(credentials.externalId());
                                    }
                                })
                        .asyncCredentialUpdateEnabled(true)
                        .build();
            }
        };
    }
}

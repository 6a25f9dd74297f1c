package dev.ferry.invokers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.invokers.lambda.internal.CredentialsProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CredentialsProvidersTest {

    @Test
    void staticKeysWithAndWithoutASessionToken() {
        AwsCredentials plain =
                CredentialsProviders.of(
                                dev.ferry.invokers.AwsCredentials.staticKeys("AKID", "SECRET"),
                                null)
                        .resolveCredentials();
        assertThat(plain.accessKeyId()).isEqualTo("AKID");
        assertThat(plain.secretAccessKey()).isEqualTo("SECRET");

        dev.ferry.invokers.AwsCredentials withToken =
                new dev.ferry.invokers.AwsCredentials(
                        dev.ferry.invokers.AwsCredentials.Type.STATIC,
                        "AKID",
                        "SECRET",
                        "TOKEN",
                        null,
                        null,
                        null,
                        null,
                        null);
        AwsCredentials session = CredentialsProviders.of(withToken, null).resolveCredentials();
        assertThat(session).isInstanceOf(AwsSessionCredentials.class);
        assertThat(((AwsSessionCredentials) session).sessionToken()).isEqualTo("TOKEN");
    }

    @Test
    void aNamedProfileFromAGivenFile(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("credentials"),
                        "[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = x\n"
                                + "[ferry]\naws_access_key_id = FERRYID\naws_secret_access_key = y\n");
        dev.ferry.invokers.AwsCredentials profile =
                new dev.ferry.invokers.AwsCredentials(
                        dev.ferry.invokers.AwsCredentials.Type.PROFILE,
                        null,
                        null,
                        null,
                        "ferry",
                        file.toString(),
                        null,
                        null,
                        null);

        AwsCredentials resolved =
                CredentialsProviders.of(profile, "eu-west-1").resolveCredentials();

        assertThat(resolved.accessKeyId()).isEqualTo("FERRYID");
        assertThat(resolved.secretAccessKey()).isEqualTo("y");
    }
}

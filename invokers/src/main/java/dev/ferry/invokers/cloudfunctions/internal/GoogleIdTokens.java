package dev.ferry.invokers.cloudfunctions.internal;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.Retryable;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdToken;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.ferry.invokers.cloudfunctions.CloudFunctionsEndpointConfig.Credentials;
import dev.ferry.invokers.internal.AttemptFailure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Mints Google ID tokens with google-auth-library. Every method may block (files, the metadata
 * server, the token endpoint): call them on a thread of the token pool only.
 */
final class GoogleIdTokens {
    private final Credentials source;
    private GoogleCredentials credentials;
    private volatile String identity;

    GoogleIdTokens(Credentials source) {
        this.source = source;
        this.identity = describeSource(source);
    }

    /** A token for {@code audience}; failures are {@link AttemptFailure}s. */
    IdToken fetch(String audience) {
        IdTokenProvider provider = provider();
        try {
            return provider.idTokenWithAudience(audience, List.of());
        } catch (IOException | RuntimeException e) {
            throw new AttemptFailure(
                    "could not get an ID token for audience "
                            + audience
                            + " as "
                            + identity
                            + ": "
                            + e.getMessage(),
                    isRetryable(e),
                    null,
                    e);
        }
    }

    /** Who the tokens speak for, as far as known without blocking. */
    String identity() {
        return identity;
    }

    private synchronized IdTokenProvider provider() {
        if (credentials == null) {
            credentials = load();
            identity = describe(credentials);
        }
        if (!(credentials instanceof IdTokenProvider provider)) {
            throw AttemptFailure.permanent(
                    identity
                            + " cannot mint ID tokens ("
                            + credentials.getClass().getSimpleName()
                            + "); use a service account key, the metadata server or"
                            + " impersonated credentials");
        }
        return provider;
    }

    private GoogleCredentials load() {
        try {
            if (source.type() == Credentials.Type.SERVICE_ACCOUNT_KEY) {
                try (InputStream in = Files.newInputStream(Path.of(source.keyFile()))) {
                    return GoogleCredentials.fromStream(in);
                }
            }
            return GoogleCredentials.getApplicationDefault();
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw AttemptFailure.permanent(
                    "no Google credentials: key file not found: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new AttemptFailure(
                    "no Google credentials (" + identity + "): " + e.getMessage(), false, null, e);
        }
    }

    private static String describeSource(Credentials source) {
        return source.type() == Credentials.Type.SERVICE_ACCOUNT_KEY
                ? "the service account key " + source.keyFile()
                : "application default credentials";
    }

    private static String describe(GoogleCredentials credentials) {
        if (credentials instanceof ServiceAccountCredentials account) {
            return "service account " + account.getClientEmail();
        }
        if (credentials instanceof ImpersonatedCredentials impersonated) {
            return "impersonated service account " + impersonated.getAccount();
        }
        if (credentials instanceof ComputeEngineCredentials metadata) {
            try {
                return "service account " + metadata.getAccount() + " (metadata server)";
            } catch (RuntimeException e) {
                return "the metadata server's service account";
            }
        }
        if (credentials instanceof UserCredentials user) {
            return "user credentials of client " + user.getClientId();
        }
        return credentials.getClass().getSimpleName();
    }

    /** Network trouble and 5xx/429 from the token endpoint are worth another try, nothing else. */
    private static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException response) {
                int status = response.getStatusCode();
                return status >= 500 || status == 429 || status == 408;
            }
            if (t instanceof Retryable retryable && t.getCause() == null) {
                return retryable.isRetryable();
            }
        }
        return failure instanceof IOException;
    }
}

package dev.ferry.protocol.adapter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token a request must present as {@code Authorization: Bearer <token>}. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time wherever they
 * differ, and hashing first hides the token's length too.
 */
final class BearerToken {
    private static final String SCHEME = "bearer ";

    private final byte[] expected;

    BearerToken(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        this.expected = digest(token);
    }

    boolean matches(String authorization) {
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(
                expected, digest(authorization.substring(SCHEME.length()).trim()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

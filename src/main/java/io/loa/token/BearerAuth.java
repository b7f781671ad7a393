package io.loa.token;

import io.loa.fault.Unauthenticated;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the editor behind {@code Authorization: Bearer <token>}, or answers 401 (RFC 6750). It takes the header's
 * value, as the routes pass it ({@code auth.require(ctx.header("Authorization"))}), so it knows no web framework.
 */
public final class BearerAuth {

    private static final int MAX_TOKEN_LENGTH = 200;
    private final TokenStore tokens;

    public BearerAuth(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** @param header the request's {@code Authorization} header, or {@code null} when it sends none */
    public Editor require(String header) {
        if (header == null || header.isBlank()) {
            throw new Unauthenticated("Writing needs an editor token: send Authorization: Bearer <token>.", null);
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2
                || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")
                || parts[1].length() > MAX_TOKEN_LENGTH) {
            throw new Unauthenticated("The Authorization header must be: Bearer <token>.", "invalid_request");
        }
        return tokens.verify(parts[1].strip())
                .orElseThrow(() -> new Unauthenticated("The token is unknown or revoked.", "invalid_token"));
    }

    /** The editor when the request names one; none when it sends no Authorization header (a bad one is a 401). */
    public Optional<Editor> optional(String header) {
        return header == null || header.isBlank() ? Optional.empty() : Optional.of(require(header));
    }
}

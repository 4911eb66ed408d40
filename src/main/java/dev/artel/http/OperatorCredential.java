package dev.artel.http;

import dev.artel.core.TokenDigest;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The operator's one credential: a token the server is started with ({@code --operator-token-file} or
 * {@code ARTEL_OPERATOR_TOKEN}), sent as {@code OAuth <token>}. A server started without one has no operator:
 * every operator request is refused with 403 saying how to turn it on, so that an operator API is never open
 * by accident.
 */
public final class OperatorCredential implements Authenticator {
    static final String OFF = "The operator API is off: start the server with --operator-token-file PATH"
            + " or the environment variable ARTEL_OPERATOR_TOKEN";

    private final Authenticator tokens;

    /** {@code token} null or blank switches the operator API off. */
    public OperatorCredential(String token) {
        if (token == null || token.isBlank()) {
            this.tokens = header -> {
                throw new ApiException(ErrorCode.ACCESS_DENIED, OFF);
            };
            return;
        }
        byte[] expected = TokenDigest.of(token.trim()).getBytes(StandardCharsets.US_ASCII);
        // Digests compared in constant time, so the answer's timing says nothing about the token.
        this.tokens = Authenticator.tokens(sent -> MessageDigest.isEqual(expected,
                        TokenDigest.of(sent).getBytes(StandardCharsets.US_ASCII))
                        ? Optional.of(Principal.OPERATOR) : Optional.empty(),
                "OAuth <token>");
    }

    @Override
    public Principal authenticate(String authorization) {
        return tokens.authenticate(authorization);
    }
}

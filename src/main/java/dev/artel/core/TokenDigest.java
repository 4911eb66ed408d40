package dev.artel.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a token, in hex: what is stored and compared instead of the token, for requester, worker and
 * operator tokens alike. Tokens are 30 random bytes, so a plain hash (no salt, no stretching) cannot be
 * reversed by guessing.
 */
public final class TokenDigest {
    private TokenDigest() {
    }

    public static String of(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

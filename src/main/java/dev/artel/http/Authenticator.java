package dev.artel.http;

import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a request's Authorization header into its caller, or refuses it with an {@link ApiException} (401,
 * or 403 for an API that is switched off). An API maps each security scheme its OpenAPI file names to one
 * authenticator, so the file says which credential each operation takes.
 */
@FunctionalInterface
public interface Authenticator {
    /** {@code authorization} is the header as sent, null when there is none. */
    Principal authenticate(String authorization);

    /**
     * Tokens sent as {@code <scheme> <token>}, for one of the schemes of {@code forms} (each written as the
     * error message shows it, {@code "OAuth <token>"}), resolved by {@code lookup}; any other header is 401.
     */
    static Authenticator tokens(Function<String, Optional<Principal>> lookup, String... forms) {
        String expected = Arrays.stream(forms).map(form -> "'" + form + "'").collect(Collectors.joining(" or "));
        return header -> {
            if (header == null || header.isBlank()) {
                throw new ApiException(ErrorCode.AUTHENTICATION_ERROR, "Authorization header is missing");
            }
            String trimmed = header.trim();
            int space = trimmed.indexOf(' ');
            String scheme = space < 0 ? "" : trimmed.substring(0, space);
            boolean known = Arrays.stream(forms)
                    .anyMatch(form -> form.substring(0, form.indexOf(' ')).equalsIgnoreCase(scheme));
            if (!known) {
                throw new ApiException(ErrorCode.AUTHENTICATION_ERROR, "Authorization must be " + expected);
            }
            return lookup.apply(trimmed.substring(space + 1).trim()).orElseThrow(() ->
                    new ApiException(ErrorCode.AUTHENTICATION_ERROR, "The token is not valid"));
        };
    }
}

package dev.artel.http;

import dev.artel.spec.ApiSpec;
import java.util.Map;

/**
 * One API the server mounts: every operation of {@code spec} under {@code prefix}, answered by its handler in
 * {@code routes} (501 without one), after the authenticator of the security scheme the operation names.
 * All APIs share the rest of the request path in {@link ApiServer}: request id, limits, parsing, schema
 * validation, error rendering, metrics and logs.
 *
 * @param authenticators by security scheme name, as the spec's {@code components.securitySchemes} names them
 * @param servesSpec     whether {@code GET <prefix>/openapi.yaml} answers the spec file, without authentication
 */
public record ApiMount(String prefix, ApiSpec spec, RouteTable routes, Map<String, Authenticator> authenticators,
                       boolean servesSpec) {
    public static final String SPEC_PATH = "/openapi.yaml";

    public static ApiMount of(String prefix, ApiSpec spec, RouteTable routes,
                              Map<String, Authenticator> authenticators) {
        return new ApiMount(prefix, spec, routes, Map.copyOf(authenticators), false);
    }

    /** The same API, publishing its spec file at {@link #SPEC_PATH}. */
    public ApiMount servingSpec() {
        return new ApiMount(prefix, spec, routes, authenticators, true);
    }
}

package dev.artel.http;

import dev.artel.spec.ApiSpec;
import java.util.ArrayList;
import java.util.List;

/** Which operations of the spec a running server implements, found the way a client would find out. */
public final class Endpoints {
    private Endpoints() {
    }

    /** Every operation that does not answer 501 NOT_IMPLEMENTED (asked with {@code token} and dummy ids). */
    public static List<ApiSpec.Operation> implemented(ApiSpec spec, int port, String token) {
        List<ApiSpec.Operation> out = new ArrayList<>();
        for (ApiSpec.Operation op : spec.operations()) {
            String path = "/api/v1" + op.path().replaceAll("\\{[^}]+}", "0");
            if (RawHttp.send(port, RawHttp.request(op.method(), path).token(token)).status() != 501) {
                out.add(op);
            }
        }
        return out;
    }
}

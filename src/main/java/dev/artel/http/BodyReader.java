package dev.artel.http;

import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a request body as UTF-8 text, never holding more than the size cap: a chunked body declares no
 * length, so the cap is enforced while reading, and reading stops at the first byte over it.
 */
final class BodyReader {
    private BodyReader() {
    }

    static String readUtf8(InputStream in, long maxBytes) {
        return Text.strictUtf8(read(in, maxBytes)).orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_ERROR,
                "Request body is not valid UTF-8", Map.of("body", FieldError.of("JSON_EXPECTED", "Malformed UTF-8"))));
    }

    private static byte[] read(InputStream in, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | BadMessageException e) {
            // Broken chunking, a client that hung up, a read that timed out: the client's fault, not a 500.
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "Request body could not be read",
                    Map.of("body", FieldError.of("JSON_EXPECTED", "Incomplete or malformed request body")));
        }
        return out.toByteArray();
    }

    /** Reads and drops the rest of a body; true if it ended within {@code maxBytes} and without an error. */
    static boolean drain(InputStream in, long maxBytes) {
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException | BadMessageException e) {
            return false;
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBytes + " bytes");
    }
}

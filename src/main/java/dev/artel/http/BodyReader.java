package dev.artel.http;

import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a request body as UTF-8 text, never holding more than the size cap: a chunked body declares no
 * length, so the cap is enforced while reading, and reading stops at the first byte over it.
 *
 * <p>The thread that reads a body is held until the body is in, so the reading is bounded in time too
 * (docs/ARCHITECTURE.md, "Slow clients"). A read that waits for the idle timeout fails in Jetty; between reads,
 * the body must keep to {@link HttpLimits#minBodyBytesPerSecond()}: by the time {@code n} bytes are in, at most
 * the idle timeout plus {@code n / rate} seconds may have passed since the body was first read. Counting from
 * the first read rather than from the first byte leaves the allowance for a small body whose last packet is a
 * round trip late, and charges the client nothing for the time the server took before reading. Both failures
 * answer 408.
 */
final class BodyReader {
    /** When a request's body was first read: a drain after a failed read continues the same allowance. */
    private static final String FIRST_READ = "artel.body_first_read_nanos";

    private BodyReader() {
    }

    static String readUtf8(Context ctx, HttpLimits limits) {
        return Text.strictUtf8(readBytes(ctx, limits, limits.maxBodyBytes())).orElseThrow(BodyReader::notUtf8);
    }

    /** The body as bytes, up to {@code maxBytes}; the caller checks their encoding. */
    static byte[] readBytes(Context ctx, HttpLimits limits, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (copy(ctx, limits, maxBytes, out)) {
                throw tooLarge(maxBytes);
            }
        } catch (IOException | BadMessageException e) {
            if (isTimeout(e)) {
                throw timeout("The request body stopped arriving for " + limits.idleTimeoutMillis() + " ms");
            }
            // Broken chunking, a client that hung up: the client's fault, not a 500.
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "Request body could not be read",
                    Map.of("body", FieldError.of("JSON_EXPECTED", "Incomplete or malformed request body")));
        }
        return out.toByteArray();
    }

    static ApiException notUtf8() {
        return new ApiException(ErrorCode.VALIDATION_ERROR, "Request body is not valid UTF-8",
                Map.of("body", FieldError.of("JSON_EXPECTED", "Malformed UTF-8")));
    }

    /** Reads and drops the rest of a body; true if it ended within {@code maxBytes}, in time and without an error. */
    static boolean drain(Context ctx, long maxBytes, HttpLimits limits) {
        try {
            return !copy(ctx, limits, maxBytes, null);
        } catch (IOException | BadMessageException | ApiException e) {
            return false;
        }
    }

    /**
     * Copies the body into {@code out} (or nowhere) until its end; true if it had more than {@code maxBytes}, in
     * which case reading stopped there. Throws 408 when the body falls behind the minimum rate.
     */
    private static boolean copy(Context ctx, HttpLimits limits, long maxBytes, ByteArrayOutputStream out)
            throws IOException {
        Long firstRead = ctx.attribute(FIRST_READ);
        if (firstRead == null) {
            firstRead = System.nanoTime();
            ctx.attribute(FIRST_READ, firstRead);
        }
        InputStream in = ctx.bodyInputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > maxBytes) {
                return true;
            }
            if (out != null) {
                out.write(buffer, 0, n);
            }
            checkRate(firstRead, total, limits);
        }
        return false;
    }

    private static void checkRate(long firstRead, long bytes, HttpLimits limits) {
        long rate = limits.minBodyBytesPerSecond();
        if (rate <= 0) {
            return;
        }
        double allowedSeconds = limits.idleTimeoutMillis() / 1000.0 + (double) bytes / rate;
        if ((System.nanoTime() - firstRead) / 1e9 > allowedSeconds) {
            throw timeout("The request body arrived slower than " + rate + " bytes a second");
        }
    }

    /** Jetty fails a read that waited for the idle timeout with a TimeoutException, wrapped or not. */
    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static ApiException timeout(String message) {
        return new ApiException(ErrorCode.REQUEST_TIMEOUT, message);
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + maxBytes + " bytes");
    }
}

package dev.artel.http;

import dev.artel.metrics.HttpMetrics;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty answers some requests itself, before Javalin sees them: unparseable request lines and headers
 * ({@link #badMessageError}: bad percent-encoding, control characters, oversized heads, no Host) and
 * requests its context refuses ({@link #handle}: a target that is not a path). Its default pages are HTML;
 * this writes Toloka's JSON error instead, with a request id of its own when Javalin never assigned one, and
 * logs and counts the request like every other.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** The route label of requests refused before routing; they have no route. */
    private static final String REJECTED_ROUTE = "(rejected)";

    private final HttpMetrics metrics;

    JsonErrorHandler(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        String requestId = request.getAttribute(ApiServer.REQUEST_ID) instanceof String id
                ? id : ErrorBody.newRequestId();
        String reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String m ? m : null;
        byte[] body = ErrorBody.forStatus(requestId, status, reason);
        response.setHeader("X-Request-Id", requestId);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        observe(RequestLog.method(request.getMethod()), status,
                Math.max(0, System.currentTimeMillis() - baseRequest.getTimeStamp()), requestId);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = ErrorBody.newRequestId();
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put("X-Request-Id", requestId);
        // The request could not be parsed, so neither its method nor its duration is known.
        observe("-", status, 0, requestId);
        return ByteBuffer.wrap(ErrorBody.forStatus(requestId, status, reason));
    }

    private void observe(String method, int status, long millis, String requestId) {
        metrics.route(method, REJECTED_ROUTE).record(status, millis / 1000.0);
        RequestLog.write(method, REJECTED_ROUTE, status, millis, null, requestId);
    }
}

package dev.artel.http;

/**
 * How much of a request the server accepts, how long it waits for it, and how many requests it serves at
 * once. Why the slow-client limits take this shape is in docs/ARCHITECTURE.md ("Slow clients").
 *
 * @param maxBodyBytes          bodies above this are refused with 413; a declared Content-Length is checked before
 *                              anything is read, a chunked body is read only up to this
 * @param maxHeaderBytes        request line plus headers above this are refused by Jetty (431, or 414 for the URI)
 * @param headTimeoutMillis     a request head must be complete this long after its first byte, or the connection
 *                              is closed
 * @param idleTimeoutMillis     a connection on which nothing arrives for this long is closed; a body read that
 *                              waits this long is answered 408
 * @param minBodyBytesPerSecond once a request is being handled, its body must arrive within
 *                              {@code idleTimeoutMillis} plus one second per this many bytes, or it is answered 408;
 *                              0 turns the rate off (the idle timeout still applies)
 * @param maxThreads            Jetty's request threads; a body being received holds one of them
 * @param maxUploadBytes        the cap instead of {@code maxBodyBytes} for a batch upload (tasks, task suites), whose
 *                              items are parsed one at a time, so that only its bytes are held, never its tree
 */
public record HttpLimits(long maxBodyBytes, int maxHeaderBytes, long headTimeoutMillis, long idleTimeoutMillis,
                         long minBodyBytesPerSecond, int maxThreads, long maxUploadBytes) {
}

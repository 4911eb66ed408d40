package dev.artel.http;

/**
 * How much of a request the server accepts before refusing it.
 *
 * @param maxBodyBytes   bodies above this are refused with 413; a declared Content-Length is checked before
 *                       anything is read, a chunked body is read only up to this
 * @param maxHeaderBytes request line plus headers above this are refused by Jetty (431, or 414 for the URI)
 */
public record HttpLimits(long maxBodyBytes, int maxHeaderBytes) {
}

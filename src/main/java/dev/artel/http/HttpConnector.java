package dev.artel.http;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The HTTP/1.1 connector, built here rather than by Javalin so that it carries the slow-client limits of
 * {@link HttpLimits}. Jetty reads request heads without a thread, but on its own bounds a head only by the idle
 * timeout, which every byte restarts: a client sending one header byte every few seconds (slowloris) would keep
 * its connection until the 16 KB header limit is reached, days at one byte per idle timeout. Each connection
 * here also has a deadline for its current head, counted from the head's first byte.
 */
final class HttpConnector {
    private static final int ACCEPT_QUEUE = 1024;

    private HttpConnector() {
    }

    static ServerConnector create(Server server, HttpLimits limits, String host, int port) {
        HttpConfiguration http = new HttpConfiguration();
        // Javalin's settings for its own connector: it routes ambiguous paths itself.
        http.setUriCompliance(UriCompliance.RFC3986);
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        // Jetty's default, stated because the limits rely on it: a request that declares a body is handed to a
        // thread only once the first bytes of the body are there, so a body that never starts holds no thread.
        http.setDelayDispatchUntilContent(true);
        // Jetty's own minimum data rate stays off: it counts from the first body byte with no allowance, so a
        // body smaller than the rate times a round trip fails it when its last packet comes a round trip after
        // its first. BodyReader applies the rate with the idle timeout as allowance instead.
        ServerConnector connector = new ServerConnector(server,
                new HeadDeadlineConnectionFactory(http, limits.headTimeoutMillis()));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMillis());
        // Java's default backlog is 50: when more connections than that arrive at once (a few hundred clients,
        // slow ones among them) and the acceptor is behind, the kernel drops the other SYNs and those clients
        // wait a second for their retransmission. The kernel caps this at net.core.somaxconn.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    private static final class HeadDeadlineConnectionFactory extends HttpConnectionFactory {
        private final long headTimeoutMillis;

        HeadDeadlineConnectionFactory(HttpConfiguration config, long headTimeoutMillis) {
            super(config);
            this.headTimeoutMillis = headTimeoutMillis;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            HttpConnection connection = new HeadDeadlineConnection(getHttpConfiguration(), connector, endPoint,
                    isRecordHttpComplianceViolations(), headTimeoutMillis);
            connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
            connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
            return configure(connection, connector, endPoint);
        }
    }

    /**
     * Watches its parser: when a head is not complete after the bytes that started it, a timer is set for the
     * head's deadline, and cancelled when the head completes. Most heads arrive whole in one read and never set
     * one. The parser runs on one thread at a time; the timer fires on the scheduler's.
     */
    private static final class HeadDeadlineConnection extends HttpConnection {
        private final long headTimeoutMillis;
        /** Numbers the heads of this connection; 0 while no head is being received. */
        private volatile long pendingHead;
        private long heads;
        private Scheduler.Task deadline;

        HeadDeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint,
                               boolean recordComplianceViolations, long headTimeoutMillis) {
            super(config, connector, endPoint, recordComplianceViolations);
            this.headTimeoutMillis = headTimeoutMillis;
        }

        /** Called by the superclass constructor: this object's own fields are not set yet. */
        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpConfiguration config = getHttpConfiguration();
            HttpParser parser = new HttpParser(newRequestHandler(), config.getRequestHeaderSize(), compliance) {
                @Override
                public boolean parseNext(ByteBuffer buffer) {
                    // Leading blank lines count as the head too, or a client could trickle those instead.
                    if (pendingHead == 0 && inHeaderState() && buffer.hasRemaining()) {
                        pendingHead = ++heads;
                    }
                    boolean handle = super.parseNext(buffer);
                    watch(inHeaderState());
                    return handle;
                }
            };
            parser.setHeaderCacheSize(config.getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(config.isHeaderCacheCaseSensitive());
            return parser;
        }

        private void watch(boolean headIncomplete) {
            long head = pendingHead;
            if (head == 0) {
                return;
            }
            if (!headIncomplete) {
                pendingHead = 0;
                if (deadline != null) {
                    deadline.cancel();
                    deadline = null;
                }
            } else if (deadline == null) {
                deadline = getConnector().getScheduler().schedule(() -> expire(head), headTimeoutMillis,
                        TimeUnit.MILLISECONDS);
            }
        }

        /** No handler runs while a head is incomplete, and an endpoint may be closed from any thread. */
        private void expire(long head) {
            if (pendingHead == head) {
                getEndPoint().close(new TimeoutException("request head not complete within " + headTimeoutMillis
                        + " ms of its first byte"));
            }
        }
    }
}

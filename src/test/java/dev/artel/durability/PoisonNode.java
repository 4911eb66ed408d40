package dev.artel.durability;

import dev.artel.Artel;
import dev.artel.config.ArtelConfig;
import dev.artel.support.OneStepOperation;
import java.time.Clock;

/**
 * A node that knows one more operation type than Artel: {@link #TYPE}, whose handler kills the process, the
 * way a native crash or the OOM killer would, with the attempt's transaction open. Started by
 * {@link PoisonOperationTest} as a JVM of its own: arguments are the JDBC URL and the bound of attempts. It
 * makes the background workers' pass once and exits 0, unless the pass kills it with {@link #HALTED}.
 */
public final class PoisonNode {
    static final String TYPE = "TEST.HALT";
    static final int HALTED = 77;

    private PoisonNode() {
    }

    public static void main(String[] args) {
        ArtelConfig config = ArtelConfig.builder().host("127.0.0.1").port(0).dbUrl(args[0]).rateLimits(false)
                // One pass, made below once the handler is registered: a worker running on its own could reach
                // the operations queued behind the poison one before this node knows the poison one's type.
                .runOperationsInline(false).workerPollMillis(0)
                .maxOperationAttempts(Integer.parseInt(args[1])).build();
        Artel artel = Artel.serve(config, Clock.systemUTC());
        artel.operations().register(new OneStepOperation(TYPE, (h, op) -> {
            Runtime.getRuntime().halt(HALTED);
            return null;
        }));
        artel.operations().runPending();
        artel.close();
        // Javalin keeps a non-daemon thread alive for a while after the server stops.
        System.exit(0);
    }
}

package dev.artel.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the run spawns. An interrupted run (Ctrl-C, SIGTERM) calls {@link #stopAll()} from its
 * shutdown hook: from then on no new child is spawned, so a server that was starting at that moment is
 * stopped too instead of outliving the run. Only these processes, by their handles, are ever stopped.
 */
final class Children {
    private final List<Process> live = new ArrayList<>();
    private boolean stopping;

    /** Spawns a child of the run; refused once the run is being stopped. */
    synchronized Process spawn(ProcessBuilder pb) throws IOException {
        if (stopping) {
            throw new IllegalStateException("the benchmark is being stopped");
        }
        live.removeIf(p -> !p.isAlive());
        Process p = pb.start();
        live.add(p);
        return p;
    }

    /** Spawns a child that removes what the run created; allowed while stopping, which is when it is needed. */
    Process spawnForCleanup(ProcessBuilder pb) throws IOException {
        return pb.start();
    }

    /** Refuses further spawns, then stops every live child. */
    void stopAll() {
        List<Process> toStop;
        synchronized (this) {
            stopping = true;
            toStop = new ArrayList<>(live);
        }
        toStop.forEach(Children::stop);
    }

    /** SIGTERM, so a server closes its database cleanly; a kill only if it has not exited after 20 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.storage.Handle;
import dev.artel.task.spec.FieldSpecs;
import java.util.HashMap;
import java.util.Map;

/**
 * The output spec of a pool's project, read in the caller's transaction. Specs are kept by their text, so a
 * project that changes its spec is read afresh, while the thousands of turns of one pool compile its patterns once.
 */
final class OutputSpecs {
    private static final int KEPT = 64;

    private final PoolStore pools;
    private final ProjectStore projects;
    private final Map<String, FieldSpecs> byText = new HashMap<>();

    OutputSpecs(PoolStore pools, ProjectStore projects) {
        this.pools = pools;
        this.projects = projects;
    }

    /** The spec of the pool's project; the pool and its project must exist (tasks and assignments name them). */
    FieldSpecs of(Handle h, long poolId) {
        Pool pool = pools.findAnyAccount(h, poolId).orElseThrow(() ->
                new IllegalStateException("pool " + poolId + " is gone"));
        JsonNode spec = projects.find(h, pool.accountId(), pool.projectId()).orElseThrow(() ->
                new IllegalStateException("project " + pool.projectId() + " of pool " + poolId + " is gone"))
                .doc().tree().path("task_spec").path("output_spec");
        String text = spec.toString();
        synchronized (byText) {
            if (byText.size() >= KEPT && !byText.containsKey(text)) {
                byText.clear();
            }
            return byText.computeIfAbsent(text, t -> FieldSpecs.of(spec));
        }
    }
}

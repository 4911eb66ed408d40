package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.json.Page;
import dev.artel.pool.PoolStore;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.task.Task;
import dev.artel.task.TaskStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers the simulated crowd counts as correct (see {@link Truth}), shown to the operator so that a test can
 * measure what its aggregation recovers. Tasks of every account, since the crowd works for all of them.
 */
public final class TrueSolutions {
    /** The most a page holds: a whole upload's worth, as for other bulk reads. */
    public static final int MAX_LIMIT = 100_000;
    public static final int DEFAULT_LIMIT = 300;

    private final Database db;
    private final PoolStore pools;
    private final SimulatedCrowd crowd;

    public TrueSolutions(Database db, PoolStore pools, SimulatedCrowd crowd) {
        this.db = db;
        this.pools = pools;
        this.crowd = crowd;
    }

    public ObjectNode ofTask(String taskId) {
        return db.inTransaction(h -> {
            Task task = TaskStore.TASKS.findAnyOwner(h, taskId, false)
                    .orElseThrow(() -> ApiException.notFound("Task", Text.abbreviate(taskId, 40)));
            return truth(h, task, crowd.seed(h));
        });
    }

    /** The pool's tasks in id order, {@code limit} of them after {@code afterTaskId} (empty: from the first). */
    public Page<ObjectNode> ofPool(long poolId, int limit, String afterTaskId) {
        return db.inTransaction(h -> {
            pools.findAnyAccount(h, poolId).orElseThrow(() -> ApiException.notFound("Pool", Long.toString(poolId)));
            List<Task> tasks = TaskStore.TASKS.select(h, "WHERE pool_id = ? AND id > ? ORDER BY pool_id, id"
                    + " FETCH FIRST " + (limit + 1) + " ROWS ONLY", poolId, afterTaskId);
            long seed = crowd.seed(h);
            List<ObjectNode> items = new ArrayList<>();
            for (Task task : tasks.subList(0, Math.min(limit, tasks.size()))) {
                items.add(truth(h, task, seed));
            }
            return new Page<>(items, tasks.size() > limit);
        });
    }

    private ObjectNode truth(Handle h, Task task, long seed) {
        return Truth.of(task.doc().tree(), crowd.outputSpec(h, task.poolId()), seed).view(task.id(), task.poolId());
    }
}

package dev.artel.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationType;
import dev.artel.storage.Handle;
import java.util.List;

/**
 * {@code TASK.BATCH_CREATE} and {@code TASK_SUITE.BATCH_CREATE}: the items staged with the operation are checked and
 * stored a chunk (one staged run of items) at a time, each chunk committing its objects, their log entries and how
 * far it got, so a long upload shows its progress and a crash resumes after the last chunk stored. Without
 * {@code skip_invalid_items} one invalid item must store nothing: the items are checked as they are staged, and the
 * operation then either stores them (STORE) or logs its invalid items (REFUSE) and fails; with it, items are
 * checked as they are stored. An operation staged by a version that did not check its items at acceptance checks
 * them to the end first (CHECK).
 */
record BatchCreate(boolean suites, TaskService service) implements OperationType<Upload.Options> {
    /**
     * Items staged in one run at most, read, checked and stored per chunk. Each chunk's commit costs H2 a write of
     * its store: chunks of 1,000 spent an eighth of an upload's time there.
     */
    static final int CHUNK = 5_000;
    /** Objects stored by one upload after which their table's statistics are brought up to date. */
    private static final int FRESH_STATISTICS_AFTER = 10_000;

    private enum Phase { CHECK, STORE, REFUSE }

    /** How far the batch got: the phase, the next item, and the counts so far. */
    private record Progress(Phase phase, int next, int total, int invalid, int created) {
        static Progress of(ObjectNode checkpoint) {
            return new Progress(Phase.valueOf(checkpoint.path("phase").asText()), checkpoint.path("next").asInt(),
                    checkpoint.path("total").asInt(), checkpoint.path("invalid").asInt(),
                    checkpoint.path("created").asInt());
        }

        ObjectNode checkpoint() {
            ObjectNode out = Json.object();
            out.put("phase", phase.name());
            out.put("next", next);
            out.put("total", total);
            out.put("invalid", invalid);
            out.put("created", created);
            return out;
        }

        int percent() {
            int steps = phase == Phase.STORE && total > 0 ? total : Math.max(1, total * 2);
            int done = phase == Phase.CHECK ? next : phase == Phase.STORE ? next : total + next;
            return Math.min(99, done * 100 / steps);
        }
    }

    @Override
    public String name() {
        return suites ? TaskService.SUITES_OPERATION : TaskService.TASKS_OPERATION;
    }

    @Override
    public Upload.Options parameters(Operation operation) {
        return Upload.Options.of(operation.parameters());
    }

    @Override
    public Step run(OperationContext<Upload.Options> context) {
        Handle h = context.handle();
        String id = context.operation().id();
        Upload.Options options = context.parameters();
        Progress at = context.checkpoint() == null ? start(context.operation().internal(), options, h, id)
                : Progress.of(context.checkpoint());
        List<TaskService.Staged> chunk = TaskService.staged(h, id, at.next());
        Upload upload = service.upload(context.operation().accountId(), suites, options);
        int invalid = at.invalid();
        int created = at.created();
        List<Upload.Item> prepared = chunk.stream().map(staged -> upload.prepare(h, staged.item())).toList();
        if (at.phase() == Phase.STORE) {
            // One batch insert for the chunk's valid items, then their log entries in the order of the upload.
            service.store(h, upload, prepared.stream().filter(Upload.Item::valid).toList());
        }
        for (int i = 0; i < chunk.size(); i++) {
            Upload.Item item = prepared.get(i);
            ObjectNode input = chunk.get(i).logInput(item);
            if (!item.valid()) {
                invalid++;
                if (at.phase() != Phase.CHECK) {
                    context.log(logType("_VALIDATE"), false, input, Json.mapper().valueToTree(item.errors()));
                }
            } else if (at.phase() == Phase.STORE) {
                created++;
                context.log(logType("_CREATE"), true, input,
                        Json.object().put(suites ? "task_suite_id" : "task_id", item.createdId()));
            }
        }
        int next = at.next() + chunk.size();
        if (next < at.total()) {
            Progress reached = new Progress(at.phase(), next, at.total(), invalid, created);
            context.progress(reached.percent());
            return Step.more(reached.checkpoint());
        }
        if (at.phase() == Phase.CHECK) {
            // Counted again in the phase that follows, which logs or stores every item.
            Progress following = new Progress(invalid == 0 ? Phase.STORE : Phase.REFUSE, 0, at.total(), 0, 0);
            context.progress(following.percent());
            return Step.more(following.checkpoint());
        }
        h.update("DELETE FROM operation_items WHERE operation_id = ?", id);
        if (created >= FRESH_STATISTICS_AFTER) {
            // The mixer's reads of the pool are planned by the table's statistics: a plan made while they still
            // described the table before the upload read a take's candidates in 120 ms on PostgreSQL instead of
            // 0.3 ms (BENCHMARKS.md, simulated crowd).
            h.dialect().refreshStatisticsSql(suites ? "task_suites" : "tasks").ifPresent(h::update);
        }
        ObjectNode details = Json.object();
        details.put("total_count", at.total());
        details.put("valid_count", at.total() - invalid);
        details.put("not_valid_count", invalid);
        details.put("success_count", created);
        details.put("failed_count", at.total() - created);
        return at.phase() == Phase.REFUSE ? Step.failed(details) : Step.done(details);
    }

    /** What the operation keeps of its staging: how many items it staged, and how many of them are invalid. */
    static ObjectNode staged(int total, int invalid) {
        ObjectNode internal = Json.object();
        internal.put("total", total);
        internal.put("invalid", invalid);
        return internal;
    }

    private static Progress start(ObjectNode staged, Upload.Options options, Handle h, String id) {
        if (staged == null) {
            // Staged an item a row, unchecked: each of its rows holds one item.
            return new Progress(options.skipInvalidItems() ? Phase.STORE : Phase.CHECK, 0,
                    (int) h.queryLong("SELECT COUNT(*) FROM operation_items WHERE operation_id = ?", id), 0, 0);
        }
        boolean refuse = staged.path("invalid").asInt() > 0 && !options.skipInvalidItems();
        return new Progress(refuse ? Phase.REFUSE : Phase.STORE, 0, staged.path("total").asInt(), 0, 0);
    }

    private String logType(String suffix) {
        return (suites ? "TASK_SUITE" : "TASK") + suffix;
    }
}

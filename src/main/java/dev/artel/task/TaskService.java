package dev.artel.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.http.JsonItems;
import dev.artel.json.Document;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationRunner;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.storage.Database;
import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.StorageException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasks and task suites: upload (one, an array, or an asynchronous batch), read, list, and the overlap changes.
 * Uploading one item or an array answers at once; {@code async_mode=true} stores the items with a
 * {@code TASK.BATCH_CREATE} (or {@code TASK_SUITE.BATCH_CREATE}) operation and answers 202, and the operation
 * creates them and logs one entry per item, which is how toloka-kit learns the ids of what it uploaded.
 */
public final class TaskService {
    static final String TASKS_OPERATION = "TASK.BATCH_CREATE";
    static final String SUITES_OPERATION = "TASK_SUITE.BATCH_CREATE";
    private static final int MAX_OPERATION_ID_CHARS = 64;

    private final Database db;
    private final PoolStore pools;
    private final ProjectStore projects;
    private final PoolService poolService;
    private final PoolCompletion completion;
    private final OperationRunner operations;
    private final IdGenerator ids;
    private final Clock clock;

    public TaskService(Database db, PoolStore pools, ProjectStore projects, PoolService poolService,
                       PoolCompletion completion, OperationRunner operations, IdGenerator ids, Clock clock) {
        this.db = db;
        this.pools = pools;
        this.projects = projects;
        this.poolService = poolService;
        this.completion = completion;
        this.operations = operations;
        this.ids = ids;
        this.clock = clock;
        operations.register(new BatchCreate(false, this));
        operations.register(new BatchCreate(true, this));
    }

    Upload upload(String accountId, boolean suites, Upload.Options options) {
        return new Upload(suites, options, accountId, pools, projects, ids, clock.millis());
    }

    /** One item, answered with what was created, or 400 with its validation errors. */
    public Object createOne(String accountId, boolean suites, JsonItems body, Upload.Options options) {
        return db.inTransaction(h -> {
            Upload upload = upload(accountId, suites, options);
            List<Upload.Item> prepared = new ArrayList<>();
            body.forEach((index, node, text) -> prepared.add(upload.prepare(h, node)));
            Upload.Item item = prepared.get(0);
            if (!item.valid()) {
                throw ApiException.invalidFields(item.errors());
            }
            store(h, upload, List.of(item));
            return item.view();
        });
    }

    /**
     * An array, answered as toloka-kit's batch result reads it: {@code items} and {@code validation_errors}, both
     * keyed by the item's index. With invalid items and no {@code skip_invalid_items}, nothing is created.
     */
    public ObjectNode createMany(String accountId, boolean suites, JsonItems array, Upload.Options options) {
        return db.inTransaction(h -> {
            Upload upload = upload(accountId, suites, options);
            List<Upload.Item> prepared = new ArrayList<>();
            Map<String, Map<String, FieldError>> invalid = new LinkedHashMap<>();
            array.forEach((index, node, text) -> {
                Upload.Item item = upload.prepare(h, node);
                prepared.add(item);
                if (!item.valid()) {
                    invalid.put(Integer.toString(index), item.errors());
                }
            });
            if (!invalid.isEmpty() && !options.skipInvalidItems()) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, "Validation failed", Json.mapper().valueToTree(invalid));
            }
            List<Upload.Item> valid = prepared.stream().filter(Upload.Item::valid).toList();
            store(h, upload, valid);
            ObjectNode items = Json.object();
            for (int i = 0; i < prepared.size(); i++) {
                if (prepared.get(i).valid()) {
                    items.putPOJO(Integer.toString(i), prepared.get(i).view());
                }
            }
            ObjectNode out = Json.object();
            out.set("items", items);
            out.set("validation_errors", Json.mapper().valueToTree(invalid));
            return out;
        });
    }

    /**
     * Accepts an asynchronous upload: the items are stored with the operation, in the request's transaction, so a
     * 202 is never lost; a repeated {@code operation_id} is 409 OPERATION_ALREADY_EXISTS, which toloka-kit answers
     * by reading that operation. Each item is checked as it is staged, and the operation is stored knowing how many
     * there are and how many are invalid ({@link BatchCreate}'s {@code internal}), so that its run needs no pass
     * over them of its own to decide whether to store them or refuse them.
     */
    public ObjectNode createAsync(String accountId, boolean suites, JsonItems items, Upload.Options options,
                                  String operationId) {
        String id = operationId == null ? ids.nextOperationId() : checkedOperationId(operationId);
        try {
            return operations.accept(h -> {
                Upload upload = upload(accountId, suites, options);
                Staging staging = new Staging(h, id);
                // Staged as the items are parsed, so the upload is never held as one tree.
                items.forEach((index, item, text) -> staging.add(text, upload.errors(h, item).isEmpty()));
                return operations.submit(h, id, accountId, suites ? SUITES_OPERATION : TASKS_OPERATION,
                        options.parameters(), staging.finish());
            }).orElseThrow();
        } catch (StorageException e) {
            if (e.isDuplicateKey()) {
                throw new ApiException(ErrorCode.OPERATION_ALREADY_EXISTS, "Operation " + id + " already exists");
            }
            throw e;
        }
    }

    /**
     * Stages an upload's items in runs of up to {@link BatchCreate#CHUNK}, one row a run keyed by the index of its
     * first item: a row per item cost an upload as much as storing its tasks, in the writes, the reads back and the
     * delete. A run also ends before it grows past {@link #RUN_CHARS}, well within what a text column holds.
     */
    private static final class Staging {
        private static final int RUN_CHARS = 512 * 1024;

        private final Handle h;
        private final String operationId;
        private final StringBuilder run = new StringBuilder();
        private int first;
        private int total;
        private int invalid;

        Staging(Handle h, String operationId) {
            this.h = h;
            this.operationId = operationId;
        }

        void add(String text, boolean valid) {
            if (total > first && (total - first == BatchCreate.CHUNK || run.length() + text.length() > RUN_CHARS)) {
                store();
            }
            run.append(run.isEmpty() ? '[' : ',').append(text);
            total++;
            if (!valid) {
                invalid++;
            }
        }

        /** Stores the last run; returns what the operation keeps of the staging. */
        ObjectNode finish() {
            if (total > first) {
                store();
            }
            return BatchCreate.staged(total, invalid);
        }

        private void store() {
            h.update("INSERT INTO operation_items (operation_id, idx, doc) VALUES (?, ?, ?)", operationId, first,
                    run.append(']').toString());
            run.setLength(0);
            first = total;
        }
    }

    private static String checkedOperationId(String text) {
        if (text.isEmpty() || text.length() > MAX_OPERATION_ID_CHARS) {
            throw ApiException.invalidField("operation_id", "INVALID_VALUE", "operation_id must be 1 to "
                    + MAX_OPERATION_ID_CHARS + " characters, such as a UUID: " + Text.abbreviate(text, 40));
        }
        return text;
    }

    /** An item staged with an asynchronous upload, as sent, and its place in the upload. */
    record Staged(int index, ObjectNode item) {
        /** What its log entry echoes: toloka-kit's own numbering of the item, and the pool it named. */
        ObjectNode logInput(Upload.Item prepared) {
            ObjectNode input = Json.object();
            input.put("__item_idx", item.path("__item_idx").asText(Integer.toString(index)));
            if (prepared.poolIdText() != null) {
                input.put("pool_id", prepared.poolIdText());
            }
            return input;
        }
    }

    /** The staged run of items that starts with the item numbered {@code from}; empty past the last. */
    static List<Staged> staged(Handle h, String operationId, int from) {
        List<Staged> run = new ArrayList<>();
        h.forEachRow("SELECT doc FROM operation_items WHERE operation_id = ? AND idx = ?", rs -> {
            for (JsonNode item : Json.parseArray(rs.getString(1))) {
                run.add(new Staged(from + run.size(), (ObjectNode) item));
            }
        }, operationId, from);
        return run;
    }

    /** Stores what an upload prepared and, when asked, opens the pools it went into. */
    void store(Handle h, Upload upload, List<Upload.Item> items) {
        List<Task> tasks = new ArrayList<>();
        List<TaskSuite> suites = new ArrayList<>();
        Set<Long> poolIds = new LinkedHashSet<>();
        for (Upload.Item item : items) {
            tasks.addAll(item.tasks());
            if (item.suite() != null) {
                suites.add(item.suite());
            }
            poolIds.add(item.poolId());
        }
        TaskStore.SUITES.insertAll(h, suites);
        TaskStore.TASKS.insertAll(h, tasks);
        for (long poolId : poolIds) {
            afterOverlapChange(h, upload.accountId(), poolId, upload.options().openPool());
        }
    }

    public JsonSerializable get(String accountId, String id) {
        return find(TaskStore.TASKS, "Task", accountId, id).view();
    }

    public JsonSerializable getSuite(String accountId, String id) {
        return find(TaskStore.SUITES, "TaskSuite", accountId, id).view();
    }

    private <T> T find(DocumentTable<T> table, String kind, String accountId, String id) {
        return db.oneStatement(h -> table.find(h, accountId, id)).orElseThrow(() -> notFound(kind, id));
    }

    /** The row, locked for the caller's transaction; another account's is not found. */
    private static <T> T lock(Handle h, DocumentTable<T> table, String kind, String accountId, String id) {
        return table.lock(h, accountId, id).orElseThrow(() -> notFound(kind, id));
    }

    private static ApiException notFound(String kind, String id) {
        return ApiException.notFound(kind, Text.abbreviate(id, 40));
    }

    public Page<JsonSerializable> list(String accountId, ListQuery.Params params) {
        ListQuery query = TaskStore.TASKS.query(params);
        List<Task> rows = db.oneStatement(h -> TaskStore.TASKS.list(h, accountId, query));
        return query.page(rows.stream().map(Task::view).toList());
    }

    /** Suites of a pool, or those holding a task ({@code task_id}), as Toloka filters them. */
    public Page<JsonSerializable> listSuites(String accountId, ListQuery.Params params) {
        ListQuery query = TaskStore.SUITES.query(params);
        String taskId = params.get("task_id");
        if (taskId != null) {
            query.whereIn("id", "SELECT suite_id FROM tasks WHERE id = ? UNION SELECT a.task_suite_id FROM"
                    + " assignments a JOIN assignment_tasks t ON t.assignment_id = a.id WHERE t.task_id = ?",
                    taskId, taskId);
        }
        List<TaskSuite> rows = db.oneStatement(h -> TaskStore.SUITES.list(h, accountId, query));
        return query.page(rows.stream().map(TaskSuite::view).toList());
    }

    /** PATCH: the overlap, or the known solutions, baseline solutions and hint. */
    public JsonSerializable patch(String accountId, String id, ObjectNode body, boolean openPool) {
        return db.inTransaction(h -> {
            Task task = lock(h, TaskStore.TASKS, "Task", accountId, id);
            ObjectNode doc = task.doc().tree();
            for (String field : List.of("known_solutions", "baseline_solutions", "message_on_unknown_solution")) {
                if (body.has(field)) {
                    doc.set(field, body.get(field));
                }
            }
            boolean inTraining = pools.findAnyKind(h, accountId, task.poolId(), false)
                    .map(pool -> pool.kind() == PoolKind.TRAINING).orElse(false);
            Task updated = task.withDoc(Document.of(doc), task.suiteId() == null ? TaskKind.of(doc, inTraining)
                    : task.kind());
            if (task.suiteId() == null) {
                updated = updated.withOverlap(newOverlap(body, task.overlap(), 1));
            }
            TaskStore.TASKS.update(h, updated);
            afterOverlapChange(h, accountId, task.poolId(), openPool);
            return updated.view();
        });
    }

    /** Stops issuing the task: its overlap becomes what it has already taken, or the number asked if more. */
    public JsonSerializable setOverlapOrMin(String accountId, String id, ObjectNode body) {
        return db.inTransaction(h -> {
            Task task = lock(h, TaskStore.TASKS, "Task", accountId, id);
            Task updated = task.withOverlap(minimalOverlap(body, task.taken()));
            TaskStore.TASKS.update(h, updated);
            completion.checkSoon(h, accountId, task.poolId());
            return updated.view();
        });
    }

    public JsonSerializable patchSuite(String accountId, String id, ObjectNode body, boolean openPool) {
        return db.inTransaction(h -> {
            TaskSuite suite = lock(h, TaskStore.SUITES, "TaskSuite", accountId, id);
            TaskSuite updated = suite.withOverlap(newOverlap(body, suite.overlap(), 1));
            if (body.path("issuing_order_override").isNumber()) {
                updated = updated.withIssuingOrder(body.get("issuing_order_override").asDouble());
            }
            storeSuite(h, updated);
            afterOverlapChange(h, accountId, suite.poolId(), openPool);
            return updated.view();
        });
    }

    public JsonSerializable setSuiteOverlapOrMin(String accountId, String id, ObjectNode body) {
        return db.inTransaction(h -> {
            TaskSuite suite = lock(h, TaskStore.SUITES, "TaskSuite", accountId, id);
            TaskSuite updated = suite.withOverlap(minimalOverlap(body, suite.taken()));
            storeSuite(h, updated);
            completion.checkSoon(h, accountId, suite.poolId());
            return updated.view();
        });
    }

    /** After tasks are added or an overlap raised: the pool may open, and workers waiting for work may find it. */
    private void afterOverlapChange(Handle h, String accountId, long poolId, boolean openPool) {
        if (openPool) {
            poolService.openIfClosed(h, accountId, poolId);
        } else {
            poolService.reopenIfCompleted(h, accountId, poolId);
        }
        poolService.workMayAppear(h, poolId);
    }

    /** A suite's tasks carry its overlap, which is what tells whether the pool is complete. */
    private static void storeSuite(Handle h, TaskSuite suite) {
        TaskStore.SUITES.update(h, suite);
        h.update("UPDATE tasks SET overlap = ? WHERE suite_id = ?", suite.overlap(), suite.id());
    }

    /** The overlap a PATCH leaves: infinite, a new number, or the old one. Null is infinite. */
    private static Long newOverlap(ObjectNode body, Long current, long minimum) {
        if (body.path("infinite_overlap").asBoolean(false)) {
            return null;
        }
        if (body.path("overlap").canConvertToLong()) {
            return Math.max(minimum, body.get("overlap").asLong());
        }
        if (body.path("infinite_overlap").isBoolean() && current == null) {
            // Infinite overlap turned off without a number: issue no more than already issued.
            return minimum;
        }
        return current;
    }

    private static Long minimalOverlap(ObjectNode body, int taken) {
        long asked = body.path("overlap").canConvertToLong() ? body.get("overlap").asLong() : 0;
        return Math.max(asked, taken);
    }
}

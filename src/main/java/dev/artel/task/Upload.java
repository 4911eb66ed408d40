package dev.artel.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.error.FieldError;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.storage.Handle;
import dev.artel.task.spec.FieldSpecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One upload of tasks or of task suites, as one item, an array, or the items of an asynchronous batch: each item is
 * checked on its own (its pool, its overlap, its values against the project's task spec) and becomes the rows to
 * store, or its validation errors under their dotted paths. Pools are read once per upload, whatever the number of
 * items that name them.
 */
final class Upload {
    /** What the request asked for, as Toloka's query parameters say it. */
    record Options(boolean skipInvalidItems, boolean allowDefaults, boolean openPool) {
        ObjectNode parameters() {
            ObjectNode out = Json.object();
            out.put("skip_invalid_items", skipInvalidItems);
            out.put("allow_defaults", allowDefaults);
            out.put("open_pool", openPool);
            return out;
        }

        static Options of(JsonNode parameters) {
            return new Options(parameters.path("skip_invalid_items").asBoolean(),
                    parameters.path("allow_defaults").asBoolean(), parameters.path("open_pool").asBoolean());
        }
    }

    /** What one item became: the rows to store, or why it cannot be stored. */
    record Item(long poolId, String poolIdText, TaskSuite suite, List<Task> tasks, Map<String, FieldError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }

        /** The created object's id, the one toloka-kit reads from the log. */
        String createdId() {
            return suite != null ? suite.id() : tasks.get(0).id();
        }

        Object view() {
            return suite != null ? suite.view() : tasks.get(0).view();
        }
    }

    /**
     * The pool an item names, read once, with what checking an item against it needs: its specs, and its
     * {@code defaults} (parsing the pool's document for every item was a tenth of an upload's time).
     */
    private record PoolContext(Pool pool, FieldSpecs input, FieldSpecs output, JsonNode defaults) {
    }

    private final boolean suites;
    private final Options options;
    private final PoolStore pools;
    private final ProjectStore projects;
    private final IdGenerator ids;
    private final long now;
    private final String accountId;
    private final Map<Long, PoolContext> poolsRead = new HashMap<>();

    Upload(boolean suites, Options options, String accountId, PoolStore pools, ProjectStore projects,
           IdGenerator ids, long now) {
        this.suites = suites;
        this.options = options;
        this.accountId = accountId;
        this.pools = pools;
        this.projects = projects;
        this.ids = ids;
        this.now = now;
    }

    String accountId() {
        return accountId;
    }

    Options options() {
        return options;
    }

    Item prepare(Handle h, JsonNode node) {
        return prepare(h, node, true);
    }

    /** The item's validation errors, exactly as {@link #prepare} finds them, without drawing ids or building rows. */
    Map<String, FieldError> errors(Handle h, JsonNode node) {
        return prepare(h, node, false).errors();
    }

    private Item prepare(Handle h, JsonNode node, boolean build) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        if (!(node instanceof ObjectNode item)) {
            errors.put("", FieldError.of("JSON_EXPECTED", "Each item must be a JSON object"));
            return new Item(0, null, null, List.of(), errors);
        }
        String poolIdText = item.path("pool_id").isValueNode() ? item.path("pool_id").asText() : null;
        PoolContext context = poolIdText == null ? null : pool(h, poolIdText, errors);
        if (poolIdText == null) {
            errors.put("pool_id", FieldError.of("VALUE_REQUIRED", "Value must be present and not equal to null"));
        }
        Long overlap = overlap(item, context, errors);
        if (context == null) {
            return new Item(0, poolIdText, null, List.of(), errors);
        }
        long poolId = context.pool().id();
        if (!suites) {
            checkTask(item, context, "", errors);
            return new Item(poolId, poolIdText, null,
                    build ? List.of(newTask(item, context.pool(), null, overlap)) : List.of(), errors);
        }
        JsonNode tasksNode = item.path("tasks");
        if (!tasksNode.isArray() || tasksNode.isEmpty()) {
            errors.put("tasks", FieldError.of("VALUE_REQUIRED", "A task suite needs at least one task"));
            return new Item(poolId, poolIdText, null, List.of(), errors);
        }
        String suiteId = build ? ids.nextItemId(poolId) : null;
        List<Task> tasks = new ArrayList<>();
        ArrayNode issued = Json.mapper().createArrayNode();
        for (int i = 0; i < tasksNode.size(); i++) {
            JsonNode taskNode = tasksNode.get(i);
            if (!(taskNode instanceof ObjectNode taskItem)) {
                errors.put("tasks." + i, FieldError.of("JSON_EXPECTED", "Each task must be a JSON object"));
                continue;
            }
            checkTask(taskItem, context, "tasks." + i + ".", errors);
            if (build) {
                Task task = newTask(taskItem, context.pool(), suiteId, overlap);
                tasks.add(task);
                issued.add(task.inSuite());
            }
        }
        if (!build) {
            return new Item(poolId, poolIdText, null, tasks, errors);
        }
        ObjectNode doc = Documents.storedDocument(item, TaskSuite.SERVER_FIELDS, ids::nextUuid);
        doc.set("tasks", issued);
        double order = item.path("issuing_order_override").asDouble(0);
        TaskSuite suite = new TaskSuite(suiteId, accountId, poolId, now, overlap, 0, true, false, order,
                Document.of(doc));
        return new Item(poolId, poolIdText, suite, tasks, errors);
    }

    private PoolContext pool(Handle h, String poolIdText, Map<String, FieldError> errors) {
        Long poolId = ObjectIds.parse(poolIdText).orElse(null);
        PoolContext context = poolId == null ? null : poolsRead.computeIfAbsent(poolId, id ->
                pools.findAnyKind(h, accountId, id, false).map(pool -> {
                    JsonNode spec = projects.find(h, accountId, pool.projectId()).orElseThrow().doc().tree()
                            .path("task_spec");
                    return new PoolContext(pool, FieldSpecs.of(spec.path("input_spec")),
                            FieldSpecs.of(spec.path("output_spec")), pool.doc().tree().path("defaults"));
                }).orElse(null));
        if (context == null) {
            errors.put("pool_id", FieldError.of("DOES_NOT_EXIST", "Pool " + poolIdText + " does not exist"));
        } else if (Pool.ARCHIVED.equals(context.pool().status())) {
            errors.put("pool_id", FieldError.of("INAPPROPRIATE_STATUS", "Pool " + poolIdText + " is archived"));
        }
        return context;
    }

    /**
     * The item's overlap: its own, or with {@code allow_defaults} the pool's default for new tasks or suites.
     * Null is infinite overlap, which is also what a training's tasks have unless they say otherwise: a training
     * has no {@code defaults}, and Toloka's (and toloka-kit's) examples upload its tasks with no overlap.
     */
    private Long overlap(ObjectNode item, PoolContext context, Map<String, FieldError> errors) {
        if (item.path("infinite_overlap").asBoolean(false)) {
            return null;
        }
        if (item.path("overlap").canConvertToLong()) {
            return item.path("overlap").asLong();
        }
        if (context != null && context.pool().kind() == PoolKind.TRAINING) {
            return null;
        }
        if (options.allowDefaults() && context != null) {
            JsonNode value = context.defaults().path(suites ? "default_overlap_for_new_task_suites"
                    : "default_overlap_for_new_tasks");
            if (value.canConvertToLong()) {
                return value.asLong();
            }
        }
        errors.put("overlap", FieldError.of("VALUE_REQUIRED", options.allowDefaults()
                ? "The pool has no default overlap for new " + (suites ? "task suites" : "tasks") + "; give overlap"
                : "Give overlap, or allow_defaults=true to take the pool's default"));
        return 1L;
    }

    private static void checkTask(ObjectNode item, PoolContext context, String prefix, Map<String, FieldError> errors) {
        JsonNode input = item.path("input_values");
        if (!input.isObject()) {
            errors.put(prefix + "input_values", FieldError.of("VALUE_REQUIRED",
                    "Value must be present and not equal to null"));
        } else {
            errors.putAll(context.input().check(input, prefix + "input_values"));
        }
        checkSolutions(item, "known_solutions", context, prefix, errors);
        checkSolutions(item, "baseline_solutions", context, prefix, errors);
    }

    private static void checkSolutions(ObjectNode item, String field, PoolContext context, String prefix,
                                       Map<String, FieldError> errors) {
        JsonNode solutions = item.path(field);
        for (int i = 0; i < solutions.size(); i++) {
            String path = prefix + field + "." + i + ".output_values";
            JsonNode values = solutions.get(i).path("output_values");
            if (!values.isObject()) {
                errors.put(path, FieldError.of("VALUE_REQUIRED", "Value must be present and not equal to null"));
            } else {
                // A known or baseline solution may leave out fields (those the check does not compare): only what
                // it gives must be valid.
                context.output().check(values, path).forEach((at, error) -> {
                    if (!error.code().equals("VALUE_REQUIRED")) {
                        errors.put(at, error);
                    }
                });
            }
        }
    }

    private Task newTask(ObjectNode item, Pool pool, String suiteId, Long overlap) {
        ObjectNode doc = Documents.storedDocument(item, Task.SERVER_FIELDS, ids::nextUuid);
        return new Task(ids.nextItemId(pool.id()), accountId, pool.id(), suiteId, now, overlap, 0, suiteId == null,
                TaskKind.of(doc, pool.kind() == PoolKind.TRAINING), Document.of(doc));
    }
}

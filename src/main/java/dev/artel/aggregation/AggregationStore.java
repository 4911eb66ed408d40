package dev.artel.aggregation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answers aggregation reads and the results it stores ({@code aggregated_solutions}, V14).
 * <p>
 * <b>Which answers count.</b> Toloka's guide says it twice: "Aggregation only includes accepted tasks", and its
 * API reference aggregates "accepted responses". So only ACCEPTED assignments are read (a submitted one may
 * still be rejected), and only those accepted by the given time: an operation aggregates the answers accepted by
 * the time it was submitted, so that every attempt of it, and every chunk, sees the same answers (ACCEPTED is
 * final, AssignmentStatus). Every task of the pool counts, control and training tasks included (the guide: the
 * model "works with control and training tasks as well as with general tasks"), with whatever accepted answers
 * it has, overlap reached or not. An answer that leaves an aggregated field out (an optional field) is not
 * counted, as the guide says of unfilled fields.
 * <p>
 * Assignments are read a page at a time in id order, and each document is parsed as a stream, keeping only the
 * task ids and the aggregated fields' values: the rest of the document (inputs, known solutions) is never built
 * into a tree.
 */
final class AggregationStore {
    /** Assignments read per query. */
    private static final int PAGE = 1_000;
    private static final Field TASK_ID = new Field("task_id", Kind.STRING_ID);
    /** Reads one value out of a document being streamed: the rest of the document follows it. */
    private static final ObjectReader VALUE = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ListQuery.Spec LIST = new ListQuery.Spec(Map.of("task_id", TASK_ID), Map.of("task_id", TASK_ID),
            TASK_ID);

    private AggregationStore() {
    }

    /**
     * Adds to {@code into} every counted answer of the pool's tasks, as of {@code acceptedBy}. The ORDER BY leads
     * with the pool, which changes no order but has H2 walk the (pool_id, id) index from the cursor instead of
     * sorting the pool's assignments for every page (ARCHITECTURE.md, lists).
     */
    static void readPool(Handle h, long poolId, long acceptedBy, List<String> fields, Answers.Builder into) {
        String after = "";
        while (true) {
            List<String[]> page = h.query("SELECT id, worker_id, doc FROM assignments WHERE pool_id = ?"
                    + " AND status = 'ACCEPTED' AND accepted <= ? AND id > ? ORDER BY pool_id, id LIMIT " + PAGE,
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, poolId, acceptedBy, after);
            for (String[] row : page) {
                readAnswers(row[2], fields, (taskId, label) -> into.add(taskId, row[1], label));
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1)[0];
        }
    }

    /** Adds to {@code into} the counted answers to one task, as of {@code acceptedBy}. */
    static void readTask(Handle h, String taskId, long acceptedBy, List<String> fields, Answers.Builder into) {
        readTaskWhere(h, "a.status = 'ACCEPTED' AND a.accepted <= ?", fields, into, taskId, acceptedBy);
    }

    /**
     * Adds to {@code into} the answers to one task that dynamic overlap weighs: submitted or accepted, since Toloka
     * decides on a task's overlap as answers come in, before any review. Returns how many assignments gave one,
     * an answer that leaves a field out included: it took one of the places the overlap asked for.
     */
    static int readSubmitted(Handle h, String taskId, List<String> fields, Answers.Builder into) {
        return readTaskWhere(h, "a.status IN ('SUBMITTED', 'ACCEPTED')", fields, into, taskId);
    }

    /** {@code args}: the task's id, then the condition's parameters. */
    private static int readTaskWhere(Handle h, String condition, List<String> fields, Answers.Builder into,
                                     Object... args) {
        String taskId = (String) args[0];
        List<String[]> rows = h.query("SELECT a.worker_id, a.doc FROM assignment_tasks x JOIN assignments a"
                + " ON a.id = x.assignment_id WHERE x.task_id = ? AND " + condition,
                rs -> new String[] {rs.getString(1), rs.getString(2)}, args);
        for (String[] row : rows) {
            readAnswers(row[1], fields, (answered, label) -> {
                if (answered.equals(taskId)) {
                    into.add(answered, row[0], label);
                }
            });
        }
        return rows.size();
    }

    /**
     * Adds to {@code into} the baseline solutions of the pool's tasks that have answers in it already (aggregation
     * by skill). Toloka: they "simulate Toloker responses when calculating confidence", each as an answer of
     * accuracy {@code confidence_weight} (default 1). Read as the tasks are now: a baseline is the requester's,
     * changed by a PATCH of the task, not an answer of a time.
     */
    static void readPoolBaselines(Handle h, long poolId, List<String> fields, Answers.Builder into) {
        // A scan of the pool's tasks, but only those with baselines are parsed; most pools have none.
        for (String[] row : h.query("SELECT id, doc FROM tasks WHERE pool_id = ? AND doc LIKE ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, poolId, "%\"baseline_solutions\"%")) {
            addBaselines(row[0], row[1], fields, into);
        }
    }

    /** {@link #readPoolBaselines} for one task. */
    static void readTaskBaselines(Handle h, String taskId, List<String> fields, Answers.Builder into) {
        h.queryOne("SELECT doc FROM tasks WHERE id = ?", rs -> rs.getString(1), taskId)
                .ifPresent(doc -> addBaselines(taskId, doc, fields, into));
    }

    private static void addBaselines(String taskId, String doc, List<String> fields, Answers.Builder into) {
        if (!doc.contains("\"baseline_solutions\"")) {
            return;
        }
        JsonNode baselines = Json.parseObject(doc).path("baseline_solutions");
        for (int i = 0; i < baselines.size(); i++) {
            JsonNode outputs = baselines.get(i).path("output_values");
            List<JsonNode> values = new ArrayList<>();
            for (String field : fields) {
                JsonNode value = outputs.get(field);
                if (value != null && !value.isNull()) {
                    values.add(value);
                }
            }
            if (values.size() == fields.size()) {
                into.addBaseline(taskId, i, Label.of(values), baselines.get(i).path("confidence_weight").asDouble(1));
            }
        }
    }

    private interface AnswerSink {
        void answer(String taskId, Label label);
    }

    /**
     * Streams one assignment document: the ids of its {@code tasks} and, at the same positions, the aggregated
     * fields of its {@code solutions}' {@code output_values}.
     */
    private static void readAnswers(String doc, List<String> fields, AnswerSink sink) {
        List<String> taskIds = new ArrayList<>();
        List<JsonNode[]> solutions = new ArrayList<>();
        try (JsonParser p = Json.mapper().createParser(doc)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("tasks") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        taskIds.add(taskId(p));
                    }
                } else if (name.equals("solutions") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        solutions.add(solution(p, fields));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a stored assignment is unreadable", e);
        }
        for (int i = 0; i < Math.min(taskIds.size(), solutions.size()); i++) {
            JsonNode[] values = solutions.get(i);
            if (values != null) {
                sink.answer(taskIds.get(i), Label.of(List.of(values)));
            }
        }
    }

    /** The {@code id} of the task object the parser is in; leaves the parser at its end. */
    private static String taskId(JsonParser p) throws IOException {
        String id = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("id")) {
                id = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return id;
    }

    /** The aggregated fields' values of one solution, or null when one is absent or null; leaves the parser at its end. */
    private static JsonNode[] solution(JsonParser p, List<String> fields) throws IOException {
        JsonNode[] values = new JsonNode[fields.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            if (name.equals("output_values") && token == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    int field = fields.indexOf(p.currentName());
                    p.nextToken();
                    if (field >= 0) {
                        values[field] = VALUE.readTree(p);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        for (JsonNode value : values) {
            if (value == null || value.isNull()) {
                return null;
            }
        }
        return values;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    /** Whether the task is one of the account's in the pool. */
    static boolean taskInPool(Handle h, String accountId, long poolId, String taskId) {
        return h.queryLong("SELECT COUNT(*) FROM tasks WHERE id = ? AND account_id = ? AND pool_id = ?", taskId,
                accountId, poolId) > 0;
    }

    /** One stored result. */
    record Row(String taskId, double confidence, String outputValues) {
    }

    static void insert(Handle h, String operationId, String accountId, long poolId, List<Row> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (Row row : rows) {
            args.add(new Object[] {operationId, row.taskId(), accountId, poolId, row.confidence(), row.outputValues()});
        }
        h.batch("INSERT INTO aggregated_solutions (operation_id, task_id, account_id, pool_id, confidence,"
                + " output_values) VALUES (?, ?, ?, ?, ?, ?)", args);
    }

    /** A page of the operation's results, as AggregatedSolutionViewV1. */
    static List<ObjectNode> list(Handle h, String operationId, ListQuery query) {
        // Led by the operation for the same reason as readPool's: the primary key is walked, not the rows sorted.
        return h.query("SELECT task_id, pool_id, confidence, output_values FROM aggregated_solutions"
                + " WHERE operation_id = ?" + query.where(h.dialect()) + " ORDER BY operation_id, " + query.orderBy()
                + " LIMIT " + (query.limit() + 1),
                rs -> view(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getString(4)),
                query.args(operationId));
    }

    static ObjectNode view(String taskId, long poolId, double confidence, String outputValues) {
        ObjectNode out = Json.object();
        out.put("pool_id", Long.toString(poolId));
        out.put("task_id", taskId);
        out.put("confidence", confidence);
        out.set("output_values", Json.parseObject(outputValues));
        return out;
    }
}

package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.http.ApiServer;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.storage.Database;
import dev.artel.storage.ListQuery;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A pool's results as the TSV file Toloka's "Download results" gives and toloka-kit's {@code get_assignments_df}
 * reads ({@code GET /api/new/requester/pools/{id}/assignments.tsv}, outside fullApi.yaml; toloka-extra.yaml).
 * One row per task of each assignment, in assignment id order. The columns, in this order: {@code INPUT:<field>}
 * for each input field of the project's task spec, {@code OUTPUT:<field>} and {@code GOLDEN:<field>} for each
 * output field, {@code HINT:text}, the requested {@code ASSIGNMENT:} fields in {@link Field} order, and, for a pool
 * whose answers are reviewed by hand, {@code ACCEPT:verdict} and {@code ACCEPT:comment}. Values are the JSON value's
 * text (strings as they are, objects and arrays as compact JSON, null as nothing), quoted like CSV when they hold a
 * tab, a line break or a quote, which is what pandas' reader undoes.
 * <p>
 * The order of the ASSIGNMENT columns and the ACCEPT columns follow results files of Toloka seen in public code;
 * what the ACCEPT columns hold for reviewed answers ({@code +} or {@code -} and the public comment) and what
 * {@code addRowDelimiter} writes (an empty line between assignments, which pandas skips) are inferred.
 */
public final class AssignmentExport {
    public static final String MEDIA_TYPE = "text/tab-separated-values";
    /** Assignments read per query: each page is one short read, so no connection is held while the client reads. */
    private static final int PAGE = 500;

    /** The ASSIGNMENT fields toloka-kit's GetAssignmentsTsvParameters.Field names, in the file's column order. */
    enum Field {
        LINK("link"), ASSIGNMENT_ID("assignment_id"), TASK_ID("task_id"), TASK_SUITE_ID("task_suite_id"),
        WORKER_ID("worker_id"), STATUS("status"), STARTED("started"), SUBMITTED("submitted"), ACCEPTED("accepted"),
        REJECTED("rejected"), SKIPPED("skipped"), EXPIRED("expired"), REWARD("reward");

        private final String column;

        Field(String name) {
            this.column = "ASSIGNMENT:" + name;
        }
    }

    /** The statuses of the file: as on /assignments, except that an accepted answer is APPROVED, as in Toloka's UI. */
    private static String fileStatus(AssignmentStatus status) {
        return status == AssignmentStatus.ACCEPTED ? "APPROVED" : status.name();
    }

    /** What toloka-kit sends when its caller gives nothing: only accepted answers, and these fields. */
    private static final List<String> DEFAULT_STATUSES = List.of("APPROVED");
    private static final Set<Field> DEFAULT_FIELDS = EnumSet.of(Field.LINK, Field.ASSIGNMENT_ID, Field.WORKER_ID,
            Field.STATUS, Field.STARTED);

    private final Database db;
    private final PoolStore pools;
    private final ProjectStore projects;

    public AssignmentExport(Database db, PoolStore pools, ProjectStore projects) {
        this.db = db;
        this.pools = pools;
        this.projects = projects;
    }

    /**
     * Checks the request (the caller's pool or training, the parameters {@code status}, {@code field},
     * {@code startTimeFrom} and {@code startTimeTo}) and returns the file, to be written once the answer has begun.
     * {@code origin} is where the client reached this server, for {@code ASSIGNMENT:link}, which points at the
     * assignment on /api/v1 (Toloka's points at a page of its web interface, which Artel has not).
     * {@code startTimeFrom} and {@code startTimeTo} bound the time of submission, as toloka-kit documents them.
     */
    public Export prepare(String accountId, long poolId, ListQuery.Params params, boolean rowDelimiter,
                          String origin) {
        List<AssignmentStatus> statuses = statuses(params);
        Set<Field> fields = fields(params);
        Long from = time(params, "startTimeFrom");
        Long to = time(params, "startTimeTo");
        return db.inTransaction(h -> {
            Pool pool = pools.findAnyKind(h, accountId, poolId, false)
                    .orElseThrow(() -> ApiException.notFound("Pool", Long.toString(poolId)));
            JsonNode taskSpec = projects.find(h, accountId, pool.projectId()).orElseThrow().doc().tree()
                    .path("task_spec");
            boolean reviewed = !pool.doc().tree().path("auto_accept_solutions").asBoolean(false);
            StringBuilder where = new StringBuilder("WHERE account_id = ? AND pool_id = ? AND status IN (")
                    .append(String.join(", ", Collections.nCopies(statuses.size(), "?"))).append(")");
            List<Object> args = new ArrayList<>(List.of(accountId, poolId));
            statuses.forEach(s -> args.add(s.name()));
            if (from != null) {
                where.append(" AND submitted >= ?");
                args.add(from);
            }
            if (to != null) {
                where.append(" AND submitted < ?");
                args.add(to);
            }
            return new Export(names(taskSpec.path("input_spec")), names(taskSpec.path("output_spec")), fields,
                    reviewed, rowDelimiter, where.toString(), args, origin + ApiServer.API_PREFIX + "/assignments/");
        });
    }

    /** The file of one request, written page by page. */
    public final class Export {
        private final List<String> inputs;
        private final List<String> outputs;
        private final Set<Field> fields;
        private final boolean reviewed;
        private final boolean rowDelimiter;
        private final String where;
        private final List<Object> args;
        private final String linkPrefix;

        private Export(List<String> inputs, List<String> outputs, Set<Field> fields,
                       boolean reviewed, boolean rowDelimiter, String where, List<Object> args, String linkPrefix) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.fields = fields;
            this.reviewed = reviewed;
            this.rowDelimiter = rowDelimiter;
            this.where = where;
            this.args = args;
            this.linkPrefix = linkPrefix;
        }

        public void write(Writer out) throws IOException {
            List<String> header = new ArrayList<>();
            inputs.forEach(name -> header.add("INPUT:" + name));
            outputs.forEach(name -> header.add("OUTPUT:" + name));
            outputs.forEach(name -> header.add("GOLDEN:" + name));
            header.add("HINT:text");
            fields.forEach(field -> header.add(field.column));
            if (reviewed) {
                header.add("ACCEPT:verdict");
                header.add("ACCEPT:comment");
            }
            line(out, header);
            String after = "";
            boolean first = true;
            while (true) {
                List<Object> pageArgs = new ArrayList<>(args);
                pageArgs.add(after);
                List<Assignment> page = db.oneStatement(h -> AssignmentStore.TABLE.select(h,
                        where + " AND id > ? ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY", pageArgs.toArray()));
                for (Assignment assignment : page) {
                    if (rowDelimiter && !first) {
                        out.write('\n');
                    }
                    first = false;
                    rows(out, assignment);
                }
                if (page.size() < PAGE) {
                    return;
                }
                after = page.get(page.size() - 1).id();
            }
        }

        private void rows(Writer out, Assignment assignment) throws IOException {
            ObjectNode doc = assignment.doc().tree();
            JsonNode tasks = doc.path("tasks");
            for (int i = 0; i < tasks.size(); i++) {
                JsonNode task = tasks.get(i);
                JsonNode answer = doc.path("solutions").path(i).path("output_values");
                JsonNode golden = task.path("known_solutions").path(0).path("output_values");
                List<String> cells = new ArrayList<>();
                inputs.forEach(name -> cells.add(text(task.path("input_values").path(name))));
                outputs.forEach(name -> cells.add(text(answer.path(name))));
                outputs.forEach(name -> cells.add(text(golden.path(name))));
                cells.add(text(task.path("message_on_unknown_solution")));
                for (Field field : fields) {
                    cells.add(value(field, assignment, task));
                }
                if (reviewed) {
                    cells.add(switch (assignment.status()) {
                        case ACCEPTED -> "+";
                        case REJECTED -> "-";
                        default -> "";
                    });
                    cells.add(text(doc.path("public_comment")));
                }
                line(out, cells);
            }
        }

        private String value(Field field, Assignment a, JsonNode task) {
            return switch (field) {
                case LINK -> linkPrefix + a.id();
                case ASSIGNMENT_ID -> a.id();
                case TASK_ID -> task.path("id").asText();
                case TASK_SUITE_ID -> a.taskSuiteId();
                case WORKER_ID -> a.workerId();
                case STATUS -> fileStatus(a.status());
                case STARTED -> Timestamps.format(a.created());
                case SUBMITTED -> time(a.submitted());
                case ACCEPTED -> time(a.accepted());
                case REJECTED -> time(a.rejected());
                case SKIPPED -> time(a.skipped());
                case EXPIRED -> time(a.expired());
                case REWARD -> java.math.BigDecimal.valueOf(a.reward()).stripTrailingZeros().toPlainString();
            };
        }

        private static String time(Long millis) {
            return millis == null ? "" : Timestamps.format(millis);
        }
    }

    private static List<String> names(JsonNode spec) {
        List<String> names = new ArrayList<>();
        spec.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write('\t');
            }
            out.write(quoted(cells.get(i)));
        }
        out.write('\n');
    }

    /** CSV quoting, which pandas' reader and Python's csv module undo: only where a cell would otherwise break. */
    static String quoted(String cell) {
        if (cell.indexOf('\t') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0 && cell.indexOf('"') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static List<AssignmentStatus> statuses(ListQuery.Params params) {
        List<String> given = listed(params, "status");
        return parsed(given.isEmpty() ? DEFAULT_STATUSES : given, "status",
                name -> Arrays.stream(AssignmentStatus.values()).filter(s -> fileStatus(s).equals(name)).findFirst()
                        .orElse(null), Arrays.stream(AssignmentStatus.values()).map(AssignmentExport::fileStatus)
                        .toList());
    }

    private static Set<Field> fields(ListQuery.Params params) {
        List<String> given = listed(params, "field");
        if (given.isEmpty()) {
            return DEFAULT_FIELDS;
        }
        Set<Field> fields = EnumSet.noneOf(Field.class);
        fields.addAll(parsed(given, "field", name -> Arrays.stream(Field.values())
                .filter(f -> f.column.equals(name)).findFirst().orElse(null),
                Arrays.stream(Field.values()).map(f -> f.column).toList()));
        return fields;
    }

    /** A list parameter as toloka-kit sends it (comma-separated) or repeated, or both. */
    private static List<String> listed(ListQuery.Params params, String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : params.values().getOrDefault(name, List.of())) {
            for (String item : value.split(",", -1)) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    private static <T> List<T> parsed(List<String> names, String parameter, Function<String, T> lookup,
                                      List<String> known) {
        List<T> out = new ArrayList<>();
        for (String name : names) {
            T found = lookup.apply(name);
            if (found == null) {
                throw ApiException.invalidField(parameter, "UNKNOWN_ENUM_VALUE", "Unknown value '"
                        + Text.abbreviate(name, 40) + "'; expected one of " + known);
            }
            out.add(found);
        }
        return out;
    }

    private static Long time(ListQuery.Params params, String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return Timestamps.parse(value).orElseThrow(() -> ApiException.invalidField(name,
                "INVALID_DATE_TIME_SYNTAX", Timestamps.EXPECTED));
    }

}

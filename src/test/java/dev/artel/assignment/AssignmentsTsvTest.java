package dev.artel.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * toloka-kit's get_assignments_df over HTTP: GET /api/new/requester/pools/{id}/assignments.tsv with the parameters
 * the kit sends, read back as the kit's pandas reads it (tab-separated, one header line).
 */
class AssignmentsTsvTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    /** What toloka-kit sends for get_assignments_df(pool_id) with nothing else given. */
    private static final String KIT_DEFAULTS = "status=APPROVED&field=ASSIGNMENT%3Alink%2CASSIGNMENT%3Aassignment_id"
            + "%2CASSIGNMENT%3Aworker_id%2CASSIGNMENT%3Astatus%2CASSIGNMENT%3Astarted&addRowDelimiter=false";

    private static ApiClient api;
    private static String pool;
    private static JsonNode accepted;
    private static JsonNode rejected;
    private static JsonNode submitted;

    /**
     * Four real tasks of overlap 1 and one control task, two real and the control task a suite: the first worker's
     * answers are accepted, the second's rejected, which frees their tasks for the third, whose stay submitted.
     */
    @BeforeAll
    static void aPoolWithReviewedAnswers() {
        api = server.newAccount();
        pool = Crowd.openPool(api, 4, 1, 2);
        ApiClient first = server.newWorker();
        ApiClient second = server.newWorker();
        ApiClient third = server.newWorker();
        accepted = Crowd.take(first, pool);
        Crowd.submit(first, accepted, "dog");
        Crowd.accept(api, accepted);
        server.clock().advance(Duration.ofMinutes(1));
        rejected = Crowd.take(second, pool);
        Crowd.submit(second, rejected, "cat");
        Crowd.reject(api, rejected, "Look \"closer\"");
        server.clock().advance(Duration.ofMinutes(1));
        submitted = Crowd.take(third, pool);
        Crowd.submit(third, submitted, "dog");
    }

    /** The file as rows of named cells, after checking that every row has the header's width. */
    private record Tsv(List<String> header, List<Map<String, String>> rows) {
        static Tsv of(ApiClient.Response response) {
            assertEquals(200, response.status(), response.toString());
            assertEquals("text/tab-separated-values", response.mediaType());
            List<String> lines = new ArrayList<>(Arrays.asList(response.text().split("\n", -1)));
            assertEquals("", lines.remove(lines.size() - 1), "the file ends with a line break");
            List<String> header = List.of(lines.get(0).split("\t", -1));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t", -1);
                assertEquals(header.size(), cells.length, line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    row.put(header.get(i), cells[i]);
                }
                rows.add(row);
            }
            return new Tsv(header, rows);
        }

        List<String> column(String name) {
            return rows.stream().map(r -> r.get(name)).toList();
        }
    }

    private static Tsv download(String query) {
        return Tsv.of(api.tolokaExtra().get("/new/requester/pools/" + pool + "/assignments.tsv?" + query));
    }

    @Test
    void theKitsDefaultsGiveTheAcceptedAnswersOneRowPerTask() {
        Tsv file = download(KIT_DEFAULTS);
        assertEquals(List.of("INPUT:image", "OUTPUT:result", "GOLDEN:result", "HINT:text", "ASSIGNMENT:link",
                "ASSIGNMENT:assignment_id", "ASSIGNMENT:worker_id", "ASSIGNMENT:status", "ASSIGNMENT:started",
                "ACCEPT:verdict", "ACCEPT:comment"), file.header());
        assertEquals(3, file.rows().size(), file.rows().toString());
        String id = accepted.path("id").asText();
        for (Map<String, String> row : file.rows()) {
            assertEquals(id, row.get("ASSIGNMENT:assignment_id"));
            assertEquals("APPROVED", row.get("ASSIGNMENT:status"));
            assertEquals(Crowd.workerId(accepted), row.get("ASSIGNMENT:worker_id"));
            assertEquals(server.baseUrl() + "/api/v1/assignments/" + id, row.get("ASSIGNMENT:link"));
            assertEquals(accepted.path("created").asText(), row.get("ASSIGNMENT:started"));
            assertEquals("dog", row.get("OUTPUT:result"));
            assertEquals("+", row.get("ACCEPT:verdict"));
            assertEquals("", row.get("HINT:text"));
        }
        // The tasks in the order the worker saw them: two real ones, then the control task with its known answer.
        assertEquals(List.of("http://127.0.0.1/real0.png", "http://127.0.0.1/real1.png",
                "http://127.0.0.1/golden0.png"), file.column("INPUT:image"));
        assertEquals(List.of("", "", "cat"), file.column("GOLDEN:result"));
    }

    @Test
    void statusesFilterAndApprovedMeansAccepted() {
        Tsv all = download("status=SUBMITTED,APPROVED,REJECTED&addRowDelimiter=false");
        assertEquals(9, all.rows().size());
        assertEquals(List.of("APPROVED", "REJECTED", "SUBMITTED"),
                all.column("ASSIGNMENT:status").stream().distinct().toList());
        Map<String, String> rejectedRow = all.rows().get(3);
        assertEquals(rejected.path("id").asText(), rejectedRow.get("ASSIGNMENT:assignment_id"));
        assertEquals("-", rejectedRow.get("ACCEPT:verdict"));
        // A cell with a quote is quoted as in CSV, which pandas undoes.
        assertEquals("\"Look \"\"closer\"\"\"", rejectedRow.get("ACCEPT:comment"));
        assertEquals("", all.rows().get(6).get("ACCEPT:verdict"));

        Tsv repeated = download("status=REJECTED&status=SUBMITTED");
        assertEquals(List.of("REJECTED", "SUBMITTED"),
                repeated.column("ASSIGNMENT:status").stream().distinct().toList());
        assertEquals(0, download("status=SKIPPED,EXPIRED,ACTIVE").rows().size());
        // Without a status, what toloka-kit sends by default: only the accepted.
        assertEquals(List.of("APPROVED"), download("").column("ASSIGNMENT:status").stream().distinct().toList());
    }

    @Test
    void fieldsPickTheAssignmentColumnsInTheFilesOrder() {
        Tsv file = download("status=SUBMITTED&field=ASSIGNMENT%3Asubmitted&field=ASSIGNMENT%3Atask_id,"
                + "ASSIGNMENT%3Areward,ASSIGNMENT%3Atask_suite_id,ASSIGNMENT%3Aaccepted");
        assertEquals(List.of("INPUT:image", "OUTPUT:result", "GOLDEN:result", "HINT:text", "ASSIGNMENT:task_id",
                "ASSIGNMENT:task_suite_id", "ASSIGNMENT:submitted", "ASSIGNMENT:accepted", "ASSIGNMENT:reward",
                "ACCEPT:verdict", "ACCEPT:comment"), file.header());
        List<String> taskIds = new ArrayList<>();
        submitted.path("tasks").forEach(t -> taskIds.add(t.path("id").asText()));
        assertEquals(taskIds, file.column("ASSIGNMENT:task_id"));
        Map<String, String> row = file.rows().get(0);
        assertEquals(submitted.path("task_suite_id").asText(), row.get("ASSIGNMENT:task_suite_id"));
        assertEquals("", row.get("ASSIGNMENT:accepted"));
        assertEquals("0.01", row.get("ASSIGNMENT:reward"));
        assertTrue(row.get("ASSIGNMENT:submitted").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"),
                row.toString());
    }

    @Test
    void timesBoundTheSubmissionAndTheRowDelimiterSeparatesAssignments() {
        String acceptedAt = accepted.path("created").asText();
        Tsv later = download("status=SUBMITTED,APPROVED,REJECTED&startTimeFrom="
                + Fixtures.wireTime(server.clock().instant().minus(Duration.ofSeconds(30))));
        assertEquals(List.of("SUBMITTED"), later.column("ASSIGNMENT:status").stream().distinct().toList());
        Tsv earlier = download("status=SUBMITTED,APPROVED,REJECTED&startTimeTo="
                + Fixtures.wireTime(server.clock().instant().minus(Duration.ofSeconds(90))));
        assertEquals(List.of("APPROVED"), earlier.column("ASSIGNMENT:status").stream().distinct().toList());
        assertTrue(acceptedAt.compareTo(earlier.rows().get(0).get("ASSIGNMENT:started")) == 0);

        ApiClient.Response delimited = api.tolokaExtra().get("/new/requester/pools/" + pool
                + "/assignments.tsv?status=SUBMITTED,APPROVED&addRowDelimiter=true&excludeBanned=true");
        assertEquals(200, delimited.status());
        List<String> lines = List.of(delimited.text().split("\n", -1));
        assertEquals(1 + 3 + 1 + 3 + 1, lines.size(), delimited.text());
        assertEquals("", lines.get(4));
    }

    @Test
    void refusesWhatItCannotServe() {
        String path = "/new/requester/pools/" + pool + "/assignments.tsv?";
        ApiClient extra = api.tolokaExtra();
        assertRefused(extra.get(path + "status=ACCEPTED"), 400, "status");
        assertRefused(extra.get(path + "field=ASSIGNMENT%3Aprice"), 400, "field");
        assertRefused(extra.get(path + "startTimeFrom=yesterday"), 400, "startTimeFrom");
        assertRefused(extra.get(path + "addRowDelimiter=maybe"), 400, "addRowDelimiter");
        ApiClient.Response otherAccount = server.newAccount().tolokaExtra()
                .get("/new/requester/pools/" + pool + "/assignments.tsv");
        assertEquals(404, otherAccount.status(), otherAccount.toString());
        assertEquals("DOES_NOT_EXIST", otherAccount.code());
        assertEquals(404, extra.get("/new/requester/pools/x1/assignments.tsv").status());
        assertEquals(401, server.server().anonymous().tolokaExtra()
                .get("/new/requester/pools/" + pool + "/assignments.tsv").status());
    }

    private static void assertRefused(ApiClient.Response response, int status, String field) {
        assertEquals(status, response.status(), response.toString());
        assertEquals("VALIDATION_ERROR", response.code());
        assertTrue(response.json().path("payload").has(field), response.toString());
    }

    @Test
    void cellsThatWouldBreakTheFileAreQuoted() {
        assertEquals("plain", AssignmentExport.quoted("plain"));
        assertEquals("\"a\tb\"", AssignmentExport.quoted("a\tb"));
        assertEquals("\"line\nbreak\"", AssignmentExport.quoted("line\nbreak"));
        assertEquals("\"say \"\"hi\"\"\"", AssignmentExport.quoted("say \"hi\""));
    }
}

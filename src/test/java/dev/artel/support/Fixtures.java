package dev.artel.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid request bodies, shaped like the ones toloka-kit sends, and the objects made from them. */
public final class Fixtures {
    /** Written here rather than borrowed from the server, so that a wrong server format cannot agree with itself. */
    private static final DateTimeFormatter WIRE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Fixtures() {
    }

    /** Pools and trainings: one lifecycle, told apart by path, operation names and form. */
    public enum Kind {
        POOL("/pools", "POOL", "pool_id"),
        TRAINING("/trainings", "TRAINING", "training_id");

        private final String path;
        private final String operationPrefix;
        private final String idField;

        Kind(String path, String operationPrefix, String idField) {
            this.path = path;
            this.operationPrefix = operationPrefix;
            this.idField = idField;
        }

        /** The collection path, {@code /pools} or {@code /trainings}. */
        public String path() {
            return path;
        }

        public String path(String id) {
            return path + "/" + id;
        }

        /** {@code POOL.OPEN}, {@code TRAINING.CLONE}... */
        public String operationType(String action) {
            return operationPrefix + "." + action;
        }

        /** The key that names the object in operation parameters and details. */
        public String idField() {
            return idField;
        }

        public ObjectNode form(String projectId) {
            return this == POOL ? pool(projectId) : training(projectId);
        }

        /** Creates one from {@link #form} and returns its id. */
        public String create(ApiClient api, String projectId) {
            return createdId(api.post(path, form(projectId)));
        }

        /** Creates one and drives it into {@code state} through the API; returns its id. */
        public String create(TestServer server, ApiClient api, String projectId, State state) {
            String id = create(api, projectId);
            if (state == State.CLOSED_WITH_TASKS || state == State.OPEN || state == State.STOPPED) {
                server.seedTask(id);
            }
            if (state == State.OPEN || state == State.STOPPED) {
                transition(api, id, "/open");
            }
            if (state == State.STOPPED) {
                transition(api, id, "/close");
            }
            if (state == State.ARCHIVED) {
                transition(api, id, "/archive");
            }
            return id;
        }

        /** As {@link #create(TestServer, ApiClient, String, State)}, on a class's shared server. */
        public String create(ServerExtension server, ApiClient api, String projectId, State state) {
            return create(server.server(), api, projectId, state);
        }

        private void transition(ApiClient api, String id, String action) {
            ApiClient.Response accepted = api.post(path(id) + action);
            assertEquals(202, accepted.status(), accepted.toString());
        }
    }

    /** Where {@link Kind#create(TestServer, ApiClient, String, State)} leaves a new pool or training. */
    public enum State {
        /** As created: closed, never run, no tasks. */
        CLOSED,
        CLOSED_WITH_TASKS,
        OPEN,
        /** Opened and closed again: closed, with a task and with last_started, last_stopped and a close reason. */
        STOPPED,
        /** Archived straight after creation. */
        ARCHIVED
    }

    /** Creates a project from {@link #project()} and returns its id. */
    public static String createProject(ApiClient api) {
        return createdId(api.post("/projects", project()));
    }

    private static String createdId(ApiClient.Response created) {
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    /** How Toloka writes a time it sets: UTC, no zone, exactly three fraction digits. */
    public static String wireTime(Instant instant) {
        return WIRE_TIME.format(instant);
    }

    /** How many operations the account has (up to one page of 300, which no scenario here exceeds). */
    public static int operationCount(ApiClient api) {
        return api.get("/operations?limit=300").json().path("items").size();
    }

    /** The ids of a list page's items, in page order. */
    public static List<String> ids(ApiClient.Response page) {
        assertEquals(200, page.status(), page.toString());
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /**
     * The items of a list page as the letters their ids are known by, in page order: a compact way to state an
     * expected order or selection. Ids not in {@code idsByLetter} are left out.
     */
    public static String letters(Map<String, String> idsByLetter, ApiClient.Response page) {
        assertEquals(200, page.status(), page.toString());
        StringBuilder out = new StringBuilder();
        page.json().path("items").forEach(item -> idsByLetter.forEach((letter, id) -> {
            if (id.equals(item.path("id").asText())) {
                out.append(letter);
            }
        }));
        return out.toString();
    }

    /** A VALIDATION_ERROR payload reduced to field path → validation code. */
    public static Map<String, String> fieldCodes(ApiClient.Response response) {
        Map<String, String> codes = new LinkedHashMap<>();
        response.json().path("payload").properties().forEach(e -> codes.put(e.getKey(),
                e.getValue().path("code").asText()));
        return codes;
    }

    public static ObjectNode project() {
        return Json.parseObject("""
                {"public_name": "Cats or dogs", "public_description": "Look at the picture",
                 "public_instructions": "<p>Choose one</p>", "assignments_issuing_type": "AUTOMATED",
                 "task_spec": {"input_spec": {"image": {"type": "url", "required": true}},
                               "output_spec": {"result": {"type": "string", "allowed_values": ["cat", "dog"]}},
                               "view_spec": {"type": "tb", "config": "{\\"view\\": {}}"}},
                 "metadata": {"team": ["vision"]}}
                """);
    }

    public static ObjectNode pool(String projectId) {
        ObjectNode pool = Json.parseObject("""
                {"private_name": "Main pool", "private_comment": "first run", "may_contain_adult_content": false,
                 "will_expire": "2030-01-01T00:00:00.000", "reward_per_assignment": 0.010,
                 "assignment_max_duration_seconds": 600, "auto_accept_solutions": true, "priority": 10,
                 "defaults": {"default_overlap_for_new_task_suites": 3, "default_overlap_for_new_tasks": 3},
                 "mixer_config": {"real_tasks_count": 10, "golden_tasks_count": 0, "training_tasks_count": 0},
                 "filter": {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN",
                                              "value": "EN"}]}]},
                 "quality_control": {"configs": [{"collector_config": {"type": "CAPTCHA",
                     "uuid": "7f6e2c1a-1111-4a6b-9c0d-5e4f3a2b1c0d",
                     "parameters": {"history_size": 5}},
                     "rules": [{"conditions": [{"key": "stored_results_count", "operator": "EQ", "value": 5},
                                               {"key": "success_rate", "operator": "LTE", "value": 60.0}],
                                "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT",
                                           "duration": 1, "duration_unit": "DAYS", "private_comment": "captcha"}}}]}]},
                 "metadata": {"origin": ["test"]}}
                """);
        pool.put("project_id", projectId);
        return pool;
    }

    public static ObjectNode training(String projectId) {
        ObjectNode training = Json.parseObject("""
                {"private_name": "Training", "inherited_instructions": true, "may_contain_adult_content": false,
                 "assignment_max_duration_seconds": 600, "mix_tasks_in_creation_order": true,
                 "shuffle_tasks_in_task_suite": false, "training_tasks_in_task_suite_count": 3,
                 "task_suites_required_to_pass": 2, "retry_training_after_days": 7, "metadata": {"k": ["v"]}}
                """);
        training.put("project_id", projectId);
        return training;
    }

    /** A task for a pool of a {@link #project()}: the image its input spec requires, and an overlap of one. */
    public static ObjectNode task(String poolId) {
        ObjectNode task = Json.object();
        task.put("pool_id", poolId).put("overlap", 1);
        task.putObject("input_values").put("image", "http://127.0.0.1/cat.png");
        return task;
    }

    /** A suite of two tasks for a pool of a {@link #project()}, with an overlap of one. */
    public static ObjectNode taskSuite(String poolId) {
        ObjectNode suite = Json.object();
        suite.put("pool_id", poolId).put("overlap", 1);
        ArrayNode tasks = suite.putArray("tasks");
        tasks.addObject().putObject("input_values").put("image", "http://127.0.0.1/cat.png");
        tasks.addObject().putObject("input_values").put("image", "http://127.0.0.1/dog.png");
        return suite;
    }

    /**
     * A pool form of {@code projectId} whose assignments are one task each and wait for the requester's review
     * (no auto-accept), so that an assignment stays SUBMITTED until accepted or rejected.
     */
    public static ObjectNode reviewedPool(String projectId) {
        ObjectNode form = pool(projectId);
        form.put("auto_accept_solutions", false);
        form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        return form;
    }

    /**
     * {@code worker} (a client of Artel's worker API) takes an assignment of the open pool and submits
     * {@code outputValues} for each of its tasks; returns the assignment's id. It is SUBMITTED in a
     * {@link #reviewedPool}.
     */
    public static String submitAssignment(ApiClient worker, String poolId, ObjectNode outputValues) {
        ApiClient.Response taken = worker.post("/worker/pools/" + poolId + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        ObjectNode answers = Json.object();
        ArrayNode solutions = answers.putArray("solutions");
        taken.json().path("tasks").forEach(task -> solutions.addObject().set("output_values", outputValues));
        ApiClient.Response submitted = worker.post("/worker/assignments/" + taken.field("id") + "/submit", answers);
        assertEquals(200, submitted.status(), submitted.toString());
        return taken.field("id");
    }

    /** A skill form as toloka-kit's {@code create_skill} sends one. */
    public static ObjectNode skill() {
        return Json.parseObject("""
                {"name": "Cat spotting", "public_name": {"EN": "Cat spotting"},
                 "public_requester_description": {"EN": "Tells cats from dogs"},
                 "private_comment": "from golden tasks", "hidden": false, "skill_ttl_hours": 720}
                """);
    }

    /** What {@code set_user_skill} sends: the worker's value of the skill. */
    public static ObjectNode userSkill(String skillId, String workerId, double value) {
        return Json.object().put("skill_id", skillId).put("user_id", workerId).put("value", value)
                .put("reason", "good answers");
    }

    /** A restriction of the worker from the project, as toloka-kit's ProjectUserRestriction sends it. */
    public static ObjectNode projectRestriction(String projectId, String workerId) {
        return Json.object().put("scope", "PROJECT").put("user_id", workerId).put("project_id", projectId)
                .put("private_comment", "too fast").put("will_expire", "2030-01-01T00:00:00");
    }

    /** A Dawid-Skene aggregation of the pool's {@code result}, as toloka-kit's aggregate_solutions_by_pool sends it. */
    public static ObjectNode aggregation(String poolId) {
        ObjectNode body = Json.object().put("type", "DAWID_SKENE").put("pool_id", poolId);
        body.putArray("fields").addObject().put("name", "result");
        return body;
    }

    /**
     * A pool form that sets every writable field of PoolFormV1, for checks that no field is lost. Its dynamic
     * overlap weighs answers by the global skill of verified English, which every account reads.
     */
    public static ObjectNode fullPool(String projectId) {
        ObjectNode pool = pool(projectId);
        pool.setAll(Json.parseObject("""
                {"public_description": "Label the cats", "public_instructions": "<p>Cats only</p>",
                 "auto_close_after_complete_delay_seconds": 600, "auto_accept_period_day": 7,
                 "dynamic_pricing_config": {"type": "SKILL", "skill_id": "21",
                                            "intervals": [{"from": 50, "to": 79, "reward_per_assignment": 0.05},
                                                          {"from": 80, "to": 100, "reward_per_assignment": 0.10}]},
                 "assignments_issuing_config": {"issue_task_suites_in_creation_order": false},
                 "dynamic_overlap_config": {"type": "BASIC", "max_overlap": 5, "min_confidence": 0.95,
                                            "answer_weight_skill_id": "26366", "fields": [{"name": "result"}]},
                 "training_config": {"training_skill_ttl_days": 5}, "training": false,
                 "speed_quality_balance": {"type": "TOP_PERCENTAGE_BY_QUALITY", "percent": 90}}
                """));
        return pool;
    }
}

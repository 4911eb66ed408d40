package dev.artel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What sets trainings apart from pools. Their lifecycle and clone run through the same tables as pools'
 * ({@code PoolStatusMachineTest}, {@code PoolCloneTest}, parameterized by kind).
 */
class TrainingTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void createAnswers201Closed() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        ObjectNode form = Fixtures.training(projectId);

        ApiClient.Response created = api.post("/trainings", form);

        assertEquals(201, created.status(), created.toString());
        ObjectNode training = created.object();
        assertEquals("CLOSED", training.path("status").asText());
        assertEquals(Fixtures.wireTime(server.clock().instant()), training.path("created").asText());
        assertEquals(api.get("/requester").field("id"), training.path("owner").path("id").asText());
        form.fieldNames().forEachRemaining(field ->
                assertEquals(form.get(field), training.get(field), "field " + field + " is kept as sent"));
        assertEquals(created.json(), api.get("/trainings/" + training.path("id").asText()).json());
    }

    /** Each form is held to its own schema: TrainingFormV1 for trainings, PoolFormV1 for pools. */
    static Stream<Arguments> incompleteForms() {
        return Stream.of(
                Arguments.of("/trainings", (Function<String, ObjectNode>) Fixtures::pool, Map.of(
                        "inherited_instructions", "VALUE_REQUIRED",
                        "training_tasks_in_task_suite_count", "VALUE_REQUIRED")),
                Arguments.of("/pools", (Function<String, ObjectNode>) Fixtures::training, Map.of(
                        "defaults", "VALUE_REQUIRED",
                        "reward_per_assignment", "VALUE_REQUIRED",
                        "will_expire", "VALUE_REQUIRED")),
                Arguments.of("/trainings", (Function<String, ObjectNode>) id -> Fixtures.training(id)
                        .put("training_tasks_in_task_suite_count", 501).put("retry_training_after_days", 0), Map.of(
                        "training_tasks_in_task_suite_count", "VALUE_GREATER_THAN_MAX",
                        "retry_training_after_days", "VALUE_LESS_THAN_MIN")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("incompleteForms")
    void createIsHeldToTheKindsForm(String path, Function<String, ObjectNode> formFor, Map<String, String> codes) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);

        ApiClient.Response refused = api.post(path, formFor.apply(projectId));

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_ERROR", refused.code());
        assertEquals(codes, Fixtures.fieldCodes(refused));
        assertEquals(0, api.get(path).json().path("items").size(), "nothing is created");
    }

    /** A pool id under /trainings, or a training id under /pools, names nothing. */
    static Stream<Arguments> crossedPaths() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of("", "/open", "/close", "/close-for-update",
                "/archive", "/clone").map(action -> Arguments.of(kind, action)));
    }

    @ParameterizedTest(name = "{0} id under the other path{1}")
    @MethodSource("crossedPaths")
    void poolsAndTrainingsDoNotAnswerForEachOther(Kind kind, String action) {
        ApiClient api = server.newAccount();
        String id = kind.create(api, Fixtures.createProject(api));
        Kind other = kind == Kind.POOL ? Kind.TRAINING : Kind.POOL;

        ApiClient.Response answer = action.isEmpty() ? api.get(other.path(id)) : api.post(other.path(id) + action);

        assertEquals(404, answer.status(), answer.toString());
        assertEquals("DOES_NOT_EXIST", answer.code());
        assertEquals(0, Fixtures.operationCount(api));
    }

    @Test
    void listsKeepPoolsAndTrainingsApart() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String pool = Kind.POOL.create(api, projectId);
        String training = Kind.TRAINING.create(api, projectId);

        assertEquals(List.of(pool), Fixtures.ids(api.get("/pools?project_id=" + projectId)));
        assertEquals(List.of(training), Fixtures.ids(api.get("/trainings?project_id=" + projectId)));
    }

    @Test
    void trainingsHaveNoPatch() {
        ApiClient api = server.newAccount();
        String id = Kind.TRAINING.create(api, Fixtures.createProject(api));

        ApiClient.Response refused = api.patch("/trainings/" + id, Map.of("priority", 5));

        assertEquals(405, refused.status(), refused.toString());
        assertEquals("METHOD_NOT_ALLOWED", refused.code());
        assertFalse(api.get("/trainings/" + id).json().has("priority"));
    }

    /** Toloka keeps a training while pools that require it are not archived; a training no pool needs goes at once. */
    @Test
    void aTrainingThatAPoolRequiresIsArchivedOnlyAfterThatPool() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String trainingId = api.post("/trainings", Fixtures.training(projectId)).field("id");
        String spareTrainingId = api.post("/trainings", Fixtures.training(projectId)).field("id");
        ObjectNode form = Fixtures.pool(projectId);
        form.putObject("quality_control").putObject("training_requirement")
                .put("training_pool_id", trainingId).put("training_passing_skill_value", 80);
        ApiClient.Response pool = api.post("/pools", form);
        assertEquals(201, pool.status(), pool.toString());
        int operations = Fixtures.operationCount(api);

        ApiClient.Response refused = api.post("/trainings/" + trainingId + "/archive");

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("TRAINING_ARCHIVE_CONFLICT", refused.code());
        assertEquals("CLOSED", api.get("/trainings/" + trainingId).field("status"));
        assertEquals(operations, Fixtures.operationCount(api), "a refused archive leaves no operation behind");
        assertEquals("SUCCESS", api.post("/trainings/" + spareTrainingId + "/archive").field("status"));

        assertEquals("SUCCESS", api.post("/pools/" + pool.field("id") + "/archive").field("status"));
        ApiClient.Response archived = api.post("/trainings/" + trainingId + "/archive");
        assertEquals(202, archived.status(), archived.toString());
        assertEquals("SUCCESS", archived.field("status"));
        assertEquals("ARCHIVED", api.get("/trainings/" + trainingId).field("status"));
    }
}

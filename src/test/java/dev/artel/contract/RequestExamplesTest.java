package dev.artel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.SpecContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Toloka's own request examples ({@code requests/api/}, as fullApi.yaml names them for each operation) are
 * accepted by every operation Artel implements, with the success status the spec gives, and the answer returns
 * each field as it was sent. Ids of objects the examples point at are replaced by ids of real ones.
 */
class RequestExamplesTest {
    private static final String REQUEST_EXAMPLES = "./requests/";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @TestFactory
    Stream<DynamicTest> everyRequestExampleOfAnImplementedOperationIsAcceptedAndEchoed() {
        ApiClient api = server.newAccount();
        String projectId = created(api, "/projects", Fixtures.project());
        // Object ids the examples name, by the field that names them, mapped to objects of this account.
        Map<String, String> realIds = Map.of(
                "project_id", projectId,
                "training_pool_id", created(api, "/trainings", Fixtures.training(projectId)),
                "pool_id", created(api, "/pools", Fixtures.pool(projectId)));
        Map<String, String> pathIds = Map.of("projects", projectId, "pools", realIds.get("pool_id"),
                "trainings", realIds.get("training_pool_id"));

        List<DynamicTest> tests = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations()) {
            JsonNode ref = op.definition().at("/requestBody/content/application~1json/examples/$ref");
            if (!ref.asText().startsWith(REQUEST_EXAMPLES) || !OperationProbe.implemented(api, op)) {
                continue;
            }
            int status = successStatus(op);
            String path = op.path(parameter -> pathIds.getOrDefault(op.template().split("/")[1], "1000000001"));
            SpecContract.specFile(ref.asText()).properties().forEach(example -> {
                ObjectNode body = (ObjectNode) normalized(example.getValue().get("value"));
                replaceIds(body, realIds);
                tests.add(DynamicTest.dynamicTest(op.id() + " " + example.getKey(), () -> {
                    ApiClient.Response answer = api.send(op.method(), path, Json.write(body), "application/json");
                    assertEquals(status, answer.status(), answer.toString());
                    JsonNode echoed = withoutAssignedCollectorUuids(body, answer.object());
                    body.properties().forEach(field -> assertEquals(field.getValue(),
                            echoed.get(field.getKey()), "field " + field.getKey() + " is returned as sent"));
                }));
            });
        }
        assertFalse(tests.isEmpty(), "no implemented operation has a request example");
        return tests.stream();
    }

    /**
     * The answer without the collector uuids the server assigned where the example had none (Toloka assigns them
     * too); each assigned one must be a UUID.
     */
    private static JsonNode withoutAssignedCollectorUuids(ObjectNode sent, ObjectNode answer) {
        JsonNode sentConfigs = sent.path("quality_control").path("configs");
        JsonNode answerConfigs = answer.path("quality_control").path("configs");
        for (int i = 0; i < sentConfigs.size(); i++) {
            if (!sentConfigs.get(i).path("collector_config").has("uuid")) {
                ObjectNode collector = (ObjectNode) answerConfigs.get(i).get("collector_config");
                java.util.UUID.fromString(collector.remove("uuid").asText());
            }
        }
        return answer;
    }

    private static String created(ApiClient api, String path, ObjectNode body) {
        ApiClient.Response answer = api.post(path, body);
        assertEquals(201, answer.status(), answer.toString());
        return answer.field("id");
    }

    /** The one success status fullApi.yaml gives the operation. */
    private static int successStatus(SpecContract.Operation op) {
        List<Integer> statuses = new ArrayList<>();
        op.definition().path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
        List<Integer> success = statuses.stream().filter(s -> s >= 200 && s < 300).toList();
        assertEquals(1, success.size(), op.id() + " has success statuses " + success);
        return success.get(0);
    }

    /** The example as Artel reads JSON (exact decimals), so that it compares equal to what comes back. */
    private static JsonNode normalized(JsonNode yaml) {
        try {
            return Json.parse(Json.write(yaml));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replaceIds(JsonNode node, Map<String, String> realIds) {
        if (node instanceof ObjectNode object) {
            realIds.forEach((field, id) -> {
                if (object.has(field)) {
                    object.put(field, id);
                }
            });
        }
        node.forEach(child -> replaceIds(child, realIds));
    }
}

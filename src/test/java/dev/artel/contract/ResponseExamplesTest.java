package dev.artel.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import dev.artel.support.SpecContract;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Toloka's own response examples, for every operation Artel implements, pass {@link SpecContract}'s schema
 * check: the contract agrees with Toloka about what a correct answer is, spec defects exempted. The wire format
 * (times with milliseconds) is Artel's promise, not Toloka's: some examples write times to the second. The
 * examples are the ones fullApi.yaml names for each response.
 */
class ResponseExamplesTest {
    /** The log example shows one item; the service answers an array of them (SpecContract.SPEC_DEFECTS). */
    private static final String LOG = "getOperationLog";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @TestFactory
    Stream<DynamicTest> everyResponseExampleOfAnImplementedOperationPassesTheContract() {
        ApiClient api = server.newAccount();
        List<DynamicTest> tests = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations()) {
            if (!OperationProbe.implemented(api, op)) {
                continue;
            }
            op.definition().path("responses").properties().forEach(response -> {
                int status = Integer.parseInt(response.getKey());
                examples(response.getValue()).properties().forEach(example -> {
                    JsonNode value = example.getValue().get("value");
                    JsonNode body = op.id().equals(LOG) ? Json.mapper().createArrayNode().add(value) : value;
                    tests.add(DynamicTest.dynamicTest(op.id() + " " + status + " " + example.getKey(), () ->
                            SpecContract.verifySchema(new ApiClient.Response(op.method(), op.path(p -> "1000000001"),
                                    status, Json.write(body), null))));
                });
            });
        }
        assertFalse(tests.isEmpty(), "no implemented operation has a response example");
        return tests.stream();
    }

    /** A response's named examples, inline or in the file its {@code $ref} names. */
    private static JsonNode examples(JsonNode response) {
        JsonNode examples = response.path("content").path("application/json").path("examples");
        return examples.has("$ref") ? SpecContract.specFile(examples.get("$ref").asText()) : examples;
    }
}

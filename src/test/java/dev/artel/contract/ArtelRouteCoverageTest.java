package dev.artel.contract;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import dev.artel.support.SpecContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Every operation of artel-api.yaml is routed to a handler: Artel's own API has no 501s, since the file is
 * ours and describes only what exists. And each names the credential its path promises: /worker paths the
 * worker scheme, /operator paths the operator's.
 */
class ArtelRouteCoverageTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void everyOperationOfArtelsFileIsImplemented() {
        ApiClient worker = server.newWorker();
        ApiClient operator = server.operator();
        ApiClient.Response unrouted = operator.get("/artel-route-coverage-probe/no-such-route");
        assertEquals("DOES_NOT_EXIST", unrouted.code(), unrouted.toString());

        List<SpecContract.Operation> operations = SpecContract.operations(SpecContract.Api.ARTEL);
        assertFalse(operations.isEmpty(), "artel-api.yaml lists no operations");
        List<Executable> checks = new ArrayList<>();
        for (SpecContract.Operation op : operations) {
            ApiClient caller = op.template().startsWith("/worker/") ? worker : operator;
            ApiClient.Response answer = OperationProbe.send(caller, op);
            String what = op.id() + " (" + op.method() + " " + op.template() + ") answered " + answer;
            checks.add(() -> assertNotEquals(501, answer.status(), what + ": no handler"));
            checks.add(() -> assertNotEquals(401, answer.status(), what + ": refused the credential of its path"));
            checks.add(() -> assertNotEquals(405, answer.status(), what + ": method not routed"));
            checks.add(() -> assertFalse(answer.code().equals(unrouted.code())
                            && answer.field("message").equals(unrouted.field("message")),
                    what + ": answered like an unknown route"));
        }
        assertAll(checks);
    }

    @Test
    void eachOperationTakesTheCredentialOfItsPath() {
        List<Executable> checks = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations(SpecContract.Api.ARTEL)) {
            String expected = op.template().startsWith("/worker/") ? "worker"
                    : op.template().startsWith("/operator/") ? "operator" : "a /worker or /operator path";
            checks.add(() -> assertEquals("[{\"" + expected + "\":[]}]", op.definition().path("security").toString(),
                    op.id() + " (" + op.template() + ")"));
        }
        assertAll(checks);
    }
}

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
 * Every operation of Artel's own files, artel-api.yaml and toloka-extra.yaml, is routed to a handler: they have
 * no 501s, since the files are ours and describe only what exists. And each names the credential it promises:
 * /worker paths the worker scheme, /operator paths the operator's, Toloka's off-spec endpoints the requester's.
 */
class ArtelRouteCoverageTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void everyOperationOfArtelsFileIsImplemented() {
        ApiClient worker = server.newWorker();
        ApiClient operator = server.operator();
        ApiClient requester = server.newAccount().artelApi();
        ApiClient.Response unrouted = operator.get("/artel-route-coverage-probe/no-such-route");
        assertEquals("DOES_NOT_EXIST", unrouted.code(), unrouted.toString());

        List<Executable> checks = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations(SpecContract.Api.ARTEL)) {
            ApiClient caller = op.template().startsWith("/worker/") ? worker
                    : op.template().startsWith("/pools/") ? requester : operator;
            routed(checks, caller, op, unrouted);
        }
        assertFalse(checks.isEmpty(), "artel-api.yaml lists no operations");
        assertAll(checks);
    }

    @Test
    void everyOperationOfTolokaExtraIsImplementedForRequesters() {
        ApiClient requester = server.newAccount().tolokaExtra();
        ApiClient worker = server.newWorker().tolokaExtra();
        ApiClient.Response unrouted = requester.get("/route-coverage-probe/no-such-route");
        assertEquals("DOES_NOT_EXIST", unrouted.code(), unrouted.toString());
        List<Executable> checks = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations(SpecContract.Api.TOLOKA_EXTRA)) {
            routed(checks, requester, op, unrouted);
            ApiClient.Response byWorker = OperationProbe.send(worker, op);
            checks.add(() -> assertEquals(401, byWorker.status(), op.id() + " took a worker's token: " + byWorker));
        }
        assertFalse(checks.isEmpty(), "toloka-extra.yaml lists no operations");
        assertAll(checks);
    }

    private static void routed(List<Executable> checks, ApiClient caller, SpecContract.Operation op,
                               ApiClient.Response unrouted) {
        ApiClient.Response answer = OperationProbe.send(caller, op);
        String what = op.id() + " (" + op.method() + " " + op.template() + ") answered " + answer;
        checks.add(() -> assertNotEquals(501, answer.status(), what + ": no handler"));
        checks.add(() -> assertNotEquals(401, answer.status(), what + ": refused the credential of its path"));
        checks.add(() -> assertNotEquals(405, answer.status(), what + ": method not routed"));
        checks.add(() -> assertFalse(answer.code().equals(unrouted.code())
                        && answer.field("message").equals(unrouted.field("message")),
                what + ": answered like an unknown route"));
    }

    @Test
    void eachOperationTakesTheCredentialOfItsPath() {
        List<Executable> checks = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations(SpecContract.Api.ARTEL)) {
            // The emulator's controls are the operator's too: never a requester's or a worker's to use.
            String expected = op.template().startsWith("/worker/") ? "worker"
                    : op.template().startsWith("/operator/") || op.template().startsWith("/emulator/") ? "operator"
                    // A requester's tools on their own objects, beyond Toloka's API.
                    : op.template().startsWith("/pools/") ? "requester"
                    : "a /worker, /operator, /emulator or /pools path";
            checks.add(() -> assertEquals("[{\"" + expected + "\":[]}]", op.definition().path("security").toString(),
                    op.id() + " (" + op.template() + ")"));
        }
        assertAll(checks);
    }
}

package dev.artel.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.Endpoints;
import dev.artel.http.RawHttp;
import dev.artel.http.TolokaErrors;
import dev.artel.http.ValidBodies;
import dev.artel.json.Json;
import dev.artel.security.AccountSnapshot;
import dev.artel.security.OwnedObjects;
import dev.artel.spec.ApiSpec;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import dev.artel.support.StrictJson;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of malformed and hostile requests against every implemented endpoint, generated from a seed.
 * Passing means: no 5xx; every status one the request may get; every error a Toloka error body; every body
 * strict JSON (UTF-8, no lone surrogate); no success for a request that must be refused; nothing of the
 * victim's shown to anyone else; the server up throughout; the victim's stored rows exactly as before; and at
 * the end every object and list of both accounts reads back as strict JSON.
 * <p>
 * The normal suite sends {@value #DEFAULT_REQUESTS} requests with a fresh seed each run. A long run, or a
 * replay of a failure (the seed is printed), is one command:
 * {@code mvn -B test -Dtest=FuzzTest -Dartel.fuzz.requests=20000 -Dartel.fuzz.seed=N}
 * (add {@code -Dartel.test.db-url=jdbc:postgresql://...} for PostgreSQL).
 */
class FuzzTest {
    static final int DEFAULT_REQUESTS = 2500;
    /** Statuses any request may get; everything else (a 5xx above all) fails the run. */
    private static final Set<Integer> ANY_ALLOWED = Set.of(200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 413,
            414, 415, 429, 431, 501);
    private static final int SNAPSHOT_EVERY = 200;
    private static final int FAILURES_SHOWN = 25;

    @RegisterExtension
    // Batch uploads have a larger cap of their own (BatchUploadTest); here they share the other bodies' cap, which
    // is what the oversized cases are built to cross.
    static final ServerExtension server = ServerExtension.start(b -> b.maxUploadBytes(10L * 1024 * 1024));
    static ApiSpec spec = ApiSpec.load();

    @Test
    void hostileRequestsAreRefusedCleanlyAndChangeNothing() {
        long seed = Long.getLong("artel.fuzz.seed", new SecureRandom().nextLong());
        int count = Integer.getInteger("artel.fuzz.requests", DEFAULT_REQUESTS);
        String replay = "mvn -B test -Dtest=FuzzTest -Dartel.fuzz.seed=" + seed + " -Dartel.fuzz.requests=" + count;
        System.out.println("fuzz: " + count + " requests, seed " + seed + " (replay: " + replay + ")");

        ApiClient victimClient = server.newAccount();
        ApiClient intruderClient = server.newAccount();
        var victim = new RequestGenerator.Principal(victimClient.token(),
                OwnedObjects.create(victimClient, server.newWorker()));
        var intruder = new RequestGenerator.Principal(intruderClient.token(),
                OwnedObjects.create(intruderClient, server.newWorker()));
        String victimAccount = server.artel().accounts().authenticate(victimClient.token()).orElseThrow().id();
        List<ApiSpec.Operation> endpoints = Endpoints.implemented(spec, server.artel().port(), victim.token());
        assertTrue(endpoints.size() >= 20, "implemented operations: " + endpoints);
        for (ApiSpec.Operation op : endpoints) {
            if (op.path().contains("{id}")) {
                assertTrue(victim.ids().containsKey(RequestGenerator.resource(op)),
                        "no owned object for " + op.id() + ": add one to OwnedObjects");
            }
        }
        Map<String, Function<Map<String, String>, ObjectNode>> bodies = validBodies(endpoints);
        assertBaselinesSucceed(endpoints, bodies, intruder);

        RequestGenerator generator = new RequestGenerator(spec, endpoints, bodies, victim, intruder, seed);
        Map<String, Integer> byKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Map<String, ?> before = AccountSnapshot.of(server.artel().database(), victimAccount);
        for (int i = 0; i < count; i++) {
            RequestGenerator.Case c = generator.next();
            String problem = judge(c, victim);
            byKind.merge(c.kind(), 1, Integer::sum);
            if (problem != null) {
                failures.add("#" + i + " [" + c.category() + "] " + c.request() + ": " + problem);
            }
            if ((i + 1) % SNAPSHOT_EVERY == 0 || i == count - 1) {
                if (!before.equals(AccountSnapshot.of(server.artel().database(), victimAccount))) {
                    failures.add("the victim's stored rows changed between #" + (i - SNAPSHOT_EVERY + 1)
                            + " and #" + i);
                    before = AccountSnapshot.of(server.artel().database(), victimAccount);
                }
                RawHttp.Response health = RawHttp.send(server.artel().port(), RawHttp.request("GET", "/_artel/health"));
                if (health.status() != 200) {
                    failures.add("health check failed after #" + i + ": " + health);
                }
            }
        }
        System.out.println("fuzz: requests by kind " + byKind);
        // Whatever the run stored, every object of both accounts still reads back and lists as strict JSON.
        failures.addAll(ReadBack.problems(server.artel().port(), victim, endpoints));
        failures.addAll(ReadBack.problems(server.artel().port(), intruder, endpoints));
        if (!failures.isEmpty()) {
            fail("fuzz seed " + seed + ": " + failures.size() + " of " + count + " requests failed; replay with: "
                    + replay + "\n" + String.join("\n", failures.subList(0, Math.min(FAILURES_SHOWN,
                    failures.size()))));
        }
    }

    /** Null when the response is one this request may get, else what is wrong with it. */
    private static String judge(RequestGenerator.Case c, RequestGenerator.Principal victim) {
        RawHttp.Response response;
        try {
            response = RawHttp.send(server.artel().port(), c.request());
        } catch (UncheckedIOException e) {
            return "no response: " + e.getCause();
        }
        int status = response.status();
        if (!ANY_ALLOWED.contains(status) || !c.allowed().contains(status)) {
            return "status " + status + " not in " + c.allowed() + ": " + response;
        }
        if (c.mustRefuse() && status < 300) {
            return "accepted a request that must be refused: " + response;
        }
        if (status >= 400) {
            String problem = TolokaErrors.problem(response, c.request().method().equals("HEAD"));
            return problem == null ? null : problem + ": " + response;
        }
        String notStrict = StrictJson.problem(response.body());
        if (notStrict != null) {
            return notStrict + ": " + response;
        }
        if (!c.asVictim()) {
            for (String id : victim.ids().values()) {
                if (response.text().contains("\"" + id + "\"")) {
                    return "shows the victim's object " + id + ": " + response;
                }
            }
        }
        return null;
    }

    /**
     * A valid body for each implemented operation that takes one, given the owner's objects. An operation
     * without one here fails the run, so that a newly implemented endpoint cannot escape the fuzzer.
     */
    private static Map<String, Function<Map<String, String>, ObjectNode>> validBodies(
            List<ApiSpec.Operation> endpoints) {
        Map<String, Function<Map<String, String>, ObjectNode>> out = new LinkedHashMap<>();
        for (ApiSpec.Operation op : endpoints) {
            if (op.requestSchema().isPresent()) {
                Function<Map<String, String>, ObjectNode> body = ValidBodies.of(op.id());
                assertTrue(body != null, "no valid body for " + op.id() + ": add one to ValidBodies");
                out.put(op.id(), body);
            }
        }
        return out;
    }

    /**
     * Each valid body is accepted as it is, so that a refusal of a mutated one is the mutation's doing. Once
     * only: patchAssignment's accepts the owner's submitted assignment, which later sends of it find ACCEPTED
     * (409, which sandbox requests may get).
     */
    private static void assertBaselinesSucceed(List<ApiSpec.Operation> endpoints,
                                               Map<String, Function<Map<String, String>, ObjectNode>> bodies,
                                               RequestGenerator.Principal owner) {
        for (ApiSpec.Operation op : endpoints) {
            if (bodies.containsKey(op.id())) {
                String path = "/api/v1" + (op.path().contains("{id}") ? op.path().replace("{id}", owner.id(op))
                        : op.path());
                RawHttp.Response response = RawHttp.send(server.artel().port(), RawHttp.request(op.method(), path)
                        .token(owner.token()).json(Json.write(bodies.get(op.id()).apply(owner.ids()))));
                assertTrue(response.status() < 300, op.id() + " refuses its valid body: " + response);
            }
        }
    }
}

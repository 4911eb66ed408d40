package dev.artel.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationRunner;
import dev.artel.operation.OperationType;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolStore;
import dev.artel.quality.PoolAccess;
import dev.artel.storage.Handle;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Toloka's analytics ({@code POST /api/staging/analytics-2}, outside fullApi.yaml; toloka-extra.yaml): up to ten
 * {@code {subject, subject_id, name}} requests about the caller's pools become one ANALYTICS operation, whose
 * {@code details.value} holds a {@code {request, result, finished}} per request, in the order asked. The file's
 * schema refuses an unknown subject or name and more than ten requests; a pool or training of another account,
 * or none, is 404 at once, as for every other object. The operation is one chunk; run inline (the default), the
 * 202 already carries the results.
 */
public final class AnalyticsService {
    static final String TYPE = "ANALYTICS";

    private final PoolStore pools;
    private final OperationRunner operations;
    private final IdGenerator ids;

    public AnalyticsService(PoolStore pools, OperationRunner operations, IdGenerator ids, Clock clock,
                            WorkerStore workers, PoolAccess access) {
        this.pools = pools;
        this.operations = operations;
        this.ids = ids;
        operations.register(new Compute(clock, workers, access));
    }

    /** The accepted operation, for the 202; the body has passed the file's schema, an array of requests. */
    public ObjectNode request(String accountId, JsonNode requests) {
        for (int i = 0; i < requests.size(); i++) {
            JsonNode request = requests.get(i);
            if (PoolMetric.named(request.path("name").asText()) == PoolMetric.ACTIVE_WORKERS_BY_FILTER_COUNT
                    && !request.path(PoolMetric.INTERVAL_HOURS).canConvertToLong()) {
                throw ApiException.invalidField(i + "." + PoolMetric.INTERVAL_HOURS, "VALUE_REQUIRED",
                        "Value must be present and not equal to null");
            }
        }
        ObjectNode parameters = Json.object();
        parameters.set("value", requests);
        Optional<ObjectNode> accepted = operations.accept(h -> {
            for (JsonNode request : requests) {
                pool(h, accountId, request);
            }
            return operations.submit(h, ids.nextOperationId(), accountId, TYPE, parameters, null);
        });
        return accepted.orElseThrow();
    }

    /** The request's pool or training, the caller's; else 404, since another account's objects do not exist for it. */
    private Pool pool(Handle h, String accountId, JsonNode request) {
        String subjectId = request.path("subject_id").asText();
        return ObjectIds.parse(subjectId).flatMap(id -> pools.findAnyKind(h, accountId, id, false))
                .orElseThrow(() -> ApiException.notFound("Pool", Text.abbreviate(subjectId, 40)));
    }

    /** ANALYTICS: every metric in one chunk, each stamped with the time it was computed. */
    private final class Compute implements OperationType<JsonNode>, PoolMetric.Crowd {
        private final Clock clock;
        private final WorkerStore workers;
        private final PoolAccess access;

        Compute(Clock clock, WorkerStore workers, PoolAccess access) {
            this.clock = clock;
            this.workers = workers;
            this.access = access;
        }

        /** Judged worker by worker as their takes are, so the count is of those the pool would let work now. */
        @Override
        public long activeAndAdmitted(Handle h, Pool pool, long millis) {
            ObjectNode poolDoc = pool.doc().tree();
            return workers.findByIds(h, AnalyticsStore.activeWorkers(h, clock.millis() - millis)).stream()
                    .filter(worker -> access.refusal(access.applicant(h, worker), pool, poolDoc).isEmpty())
                    .count();
        }

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public JsonNode parameters(Operation operation) {
            return operation.parameters().path("value");
        }

        @Override
        public Step run(OperationContext<JsonNode> context) {
            ObjectNode details = Json.object();
            ArrayNode results = details.putArray("value");
            for (JsonNode request : context.parameters()) {
                Pool pool = pool(context.handle(), context.operation().accountId(), request);
                ObjectNode item = results.addObject();
                item.set("result", PoolMetric.named(request.path("name").asText())
                        .compute(context.handle(), pool, request, this));
                item.set("request", request);
                item.put("finished", Timestamps.format(clock.millis()));
            }
            return Step.done(details);
        }
    }
}

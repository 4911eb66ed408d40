package dev.artel.restriction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.restriction.UserRestriction.Scope;
import dev.artel.schedule.Scheduler;
import dev.artel.schedule.Timer;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Restrictions: {@code PUT /user-restrictions} bars a worker from all the account's projects, one project, or one
 * pool or training, until {@code will_expire} or for ever. One restriction a worker, scope and target: setting it
 * again changes its comment and expiry and keeps its id. What it names must exist (400 DOES_NOT_EXIST under the
 * field, as for a task naming a pool that does not exist). SYSTEM restrictions are bans by the platform, which a
 * requester can neither set nor remove (403 SYSTEM_SCOPE_MODIFICATION, Toloka's code); Artel's platform bans
 * nobody, so there are none to list. A restriction whose {@code will_expire} has passed on the server's clock no
 * longer applies and is gone: not listed, 404, and replaced by the next one of its key.
 */
public final class RestrictionService {
    private static final List<String> SCOPES = Arrays.stream(Scope.values()).map(Enum::name).toList();
    /**
     * Keyed by the restriction: its end, when the pools it kept the worker from may let them in again (the
     * emulator's simulated workers wait for that instead of looking for work on every tick).
     */
    static final String ENDS = "restriction.ends";

    private final Database db;
    private final WorkerStore workers;
    private final ProjectStore projects;
    private final PoolStore pools;
    private final PoolService poolService;
    private final Scheduler scheduler;
    private final IdGenerator ids;
    private final Clock clock;
    private AccessLost accessLost = (h, workerId, poolIds) -> { };

    public RestrictionService(Database db, WorkerStore workers, ProjectStore projects, PoolStore pools,
                              PoolService poolService, Scheduler scheduler, IdGenerator ids, Clock clock) {
        this.db = db;
        this.workers = workers;
        this.projects = projects;
        this.pools = pools;
        this.poolService = poolService;
        this.scheduler = scheduler;
        this.ids = ids;
        this.clock = clock;
        scheduler.register(ENDS, this::ended);
    }

    /** Sets the one listener told of the pools a restriction takes from a worker (see {@link #setByRule}). */
    public void whenAccessLost(AccessLost listener) {
        accessLost = listener;
    }

    /** {@code body} is a UserRestrictionFormV1, already held to the spec. */
    public JsonSerializable set(String accountId, ObjectNode body) {
        Scope scope = Scope.valueOf(body.path("scope").asText());
        if (scope == Scope.SYSTEM) {
            throw new ApiException(ErrorCode.SYSTEM_SCOPE_MODIFICATION, null);
        }
        String workerId = body.path("user_id").asText();
        Long willExpire = willExpire(body.path("will_expire"));
        Document doc = Document.of(Documents.storedDocument(body, UserRestriction.SERVER_FIELDS, ids::nextUuid));
        return db.inTransaction(h -> {
            long projectId = scope != Scope.PROJECT ? 0 : referenced(body, "project_id", "Project",
                    id -> projects.find(h, accountId, id).isPresent());
            long poolId = scope != Scope.POOL ? 0 : referenced(body, "pool_id", "Pool",
                    id -> pools.findAnyKind(h, accountId, id, false).isPresent());
            // The worker's row serialises every change of their restrictions, so a key set twice at once is one row.
            workers.lock(h, workerId).orElseThrow(() -> ApiException.invalidField("user_id", "DOES_NOT_EXIST",
                    "Worker " + Text.abbreviate(workerId, 40) + " does not exist"));
            return putAndTell(h, accountId, workerId, scope, projectId, poolId, willExpire, doc, 0).view();
        });
    }

    /**
     * Puts the restriction, notes who set it ({@code toldPoolId}: the pool whose rule did, 0 for the requester),
     * and tells the listener of the pools it has just taken from the worker, all but that pool, which sees to its
     * own.
     */
    private UserRestriction putAndTell(Handle h, String accountId, String workerId, Scope scope, long projectId,
                                       long poolId, Long willExpire, Document doc, long toldPoolId) {
        List<Long> open = workedIn(h, accountId, workerId, scope, projectId, poolId, false);
        UserRestriction set = put(h, accountId, workerId, scope, projectId, poolId, willExpire, doc);
        RestrictionStore.setBy(h, set.id(), toldPoolId);
        timeEnd(h, set);
        List<Long> barred = workedIn(h, accountId, workerId, scope, projectId, poolId, true);
        List<Long> lost = open.stream().filter(id -> id != toldPoolId && barred.contains(id)).toList();
        if (!lost.isEmpty()) {
            accessLost.lost(h, workerId, lost);
        }
        return set;
    }

    /**
     * The pools in the scope of a restriction that the worker has assignments in, and that a live restriction
     * of the owner keeps them from ({@code barred}) or not.
     */
    private List<Long> workedIn(Handle h, String accountId, String workerId, Scope scope, long projectId,
                                long poolId, boolean barred) {
        long now = clock.millis();
        return h.query("SELECT DISTINCT p.id, p.project_id FROM pools p JOIN assignments a ON a.pool_id = p.id"
                + " WHERE a.account_id = ? AND a.worker_id = ? ORDER BY p.id", rs -> new long[] {rs.getLong(1),
                        rs.getLong(2)}, accountId, workerId).stream()
                .filter(p -> scope == Scope.ALL_PROJECTS || scope == Scope.PROJECT && p[1] == projectId
                        || scope == Scope.POOL && p[0] == poolId)
                .filter(p -> RestrictionStore.barring(h, workerId, accountId, p[1], p[0], now).isPresent() == barred)
                .map(p -> p[0]).toList();
    }

    /**
     * Sets a restriction a quality-control rule decided on, in the caller's transaction (the event's): the same
     * key semantics as {@link #set}, for a worker and target that exist since the event names them. True when
     * the worker could take work from the rule's pool until now: the pool is lost to them, and the caller runs
     * its USERS_ASSESSMENT rules; the listener hears of the other pools of the scope the worker has lost.
     */
    public boolean setByRule(Handle h, String accountId, String workerId, Scope scope, long projectId, long poolId,
                             Long willExpire, String privateComment) {
        ObjectNode body = Json.object();
        body.put("scope", scope.name()).put("user_id", workerId);
        if (privateComment != null) {
            body.put("private_comment", privateComment);
        }
        if (willExpire != null) {
            body.put("will_expire", Timestamps.format(willExpire));
        }
        workers.lock(h, workerId).orElseThrow();
        boolean had = RestrictionStore.barring(h, workerId, accountId, projectId, poolId, clock.millis()).isEmpty();
        // Keyed as set by hand: a target the scope does not name is 0.
        putAndTell(h, accountId, workerId, scope, scope == Scope.PROJECT ? projectId : 0,
                scope == Scope.POOL ? poolId : 0, willExpire,
                Document.of(Documents.storedDocument(body, UserRestriction.SERVER_FIELDS, ids::nextUuid)), poolId);
        return had;
    }

    private UserRestriction put(Handle h, String accountId, String workerId, Scope scope, long projectId,
                                long poolId, Long willExpire, Document doc) {
        Optional<UserRestriction> existing = RestrictionStore.ofKey(h, accountId, workerId, scope, projectId, poolId);
        long now = clock.millis();
        if (existing.isPresent() && existing.get().live(now)) {
            UserRestriction changed = existing.get().changed(willExpire, doc);
            RestrictionStore.TABLE.update(h, changed);
            return changed;
        }
        existing.ifPresent(expired -> RestrictionStore.delete(h, expired.id()));
        UserRestriction created = new UserRestriction(ids.nextObjectId(h), accountId, workerId, scope, projectId,
                poolId, now, willExpire, doc);
        RestrictionStore.TABLE.insert(h, created);
        return created;
    }

    /** Sets the timer of the restriction's end, or takes it away from one set again for ever. */
    private void timeEnd(Handle h, UserRestriction restriction) {
        String key = Long.toString(restriction.id());
        if (restriction.willExpire() == null) {
            scheduler.cancel(h, ENDS, key);
        } else {
            scheduler.schedule(h, ENDS, key, restriction.accountId(), restriction.willExpire(), null);
        }
    }

    /** A restriction ran out, unless it was set again since (which moved its timer) or lifted. */
    private void ended(Handle h, Timer timer) {
        RestrictionStore.byId(h, Long.parseLong(timer.key())).filter(r -> !r.live(clock.millis()))
                .ifPresent(r -> poolService.workerMayBeAdmitted(h, r.workerId()));
    }

    private static Long willExpire(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return Timestamps.parse(value.asText()).orElseThrow(() -> ApiException.invalidField("will_expire",
                "INVALID_DATE_TIME_SYNTAX", Timestamps.EXPECTED));
    }

    /** The id the scope needs, of an object of the account; 400 when it is missing or names nothing. */
    private static long referenced(ObjectNode body, String field, String what, LongPredicate exists) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw ApiException.invalidField(field, "VALUE_REQUIRED", field + " is required for this scope");
        }
        return ObjectIds.parse(value.asText()).filter(exists::test).orElseThrow(() -> ApiException.invalidField(
                field, "DOES_NOT_EXIST", what + " " + Text.abbreviate(value.asText(), 40) + " does not exist"));
    }

    public JsonSerializable get(String accountId, String id) {
        long now = clock.millis();
        return db.oneStatement(h -> live(h, accountId, id, now, false)).orElseThrow(() -> missing(id)).view();
    }

    /** Toloka's filters: {@code scope}, {@code user_id}, {@code project_id}, {@code pool_id}, id and created ranges. */
    public Page<JsonSerializable> list(String accountId, ListQuery.Params params) {
        ListQuery query = RestrictionStore.TABLE.query(params).where(RestrictionStore.LIVE, clock.millis())
                .whereEnum("scope", "scope", params.get("scope"), SCOPES);
        List<UserRestriction> rows = db.oneStatement(h -> RestrictionStore.TABLE.list(h, accountId, query));
        return query.page(rows.stream().map(UserRestriction::view).toList());
    }

    /** Lifts the restriction: the worker gets work in its scope again at once. */
    public void delete(String accountId, String id) {
        long now = clock.millis();
        db.inTransaction(h -> {
            UserRestriction found = live(h, accountId, id, now, true).orElseThrow(() -> missing(id));
            RestrictionStore.delete(h, found.id());
            scheduler.cancel(h, ENDS, Long.toString(found.id()));
            poolService.workerMayBeAdmitted(h, found.workerId());
            return null;
        });
    }

    private static Optional<UserRestriction> live(Handle h, String accountId, String id, long now, boolean lock) {
        return ObjectIds.parse(id).flatMap(restrictionId -> lock ? RestrictionStore.TABLE.lock(h, accountId,
                restrictionId) : RestrictionStore.TABLE.find(h, accountId, restrictionId)).filter(r -> r.live(now));
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("User restriction", Text.abbreviate(id, 40));
    }
}

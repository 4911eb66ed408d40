package dev.artel.userskill;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.pool.PoolService;
import dev.artel.skill.Skill;
import dev.artel.skill.SkillStore;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Workers' values of an account's skills. {@code PUT /user-skills} sets the value of a skill and worker, creating
 * it or changing the one there is (its id and {@code created} stay); a skill or worker that does not exist is 400
 * DOES_NOT_EXIST under {@code skill_id} or {@code user_id}, as for a task naming a pool that does not exist, and a
 * global skill's values come from worker profiles only (403 ACCESS_DENIED). A value outlives its last change by
 * the skill's {@code skill_ttl_hours}, if it has one, and is then gone to every read; a value a completed training
 * set, by the training's {@code retry_training_after_days} instead.
 */
public final class UserSkillService {
    private final Database db;
    private final WorkerStore workers;
    private final PoolService pools;
    private final IdGenerator ids;
    private final Clock clock;
    private SkillChange skillChange = SkillChange.NONE;

    public UserSkillService(Database db, WorkerStore workers, PoolService pools, IdGenerator ids, Clock clock) {
        this.db = db;
        this.workers = workers;
        this.pools = pools;
        this.ids = ids;
        this.clock = clock;
    }

    /** Sets the one listener of changed values, which may take pools from the worker through their filters. */
    public void whenSkillChanges(SkillChange listener) {
        skillChange = listener;
    }

    /** {@code body} is a UserSkillFormV1, already held to the spec (a value from 0 to 100). */
    public JsonSerializable set(String accountId, ObjectNode body) {
        String skillText = body.path("skill_id").asText();
        String workerId = body.path("user_id").asText();
        double value = body.path("value").doubleValue();
        Document doc = Document.of(Documents.storedDocument(body, UserSkill.SERVER_FIELDS, ids::nextUuid));
        return db.inTransaction(h -> {
            Skill skill = ObjectIds.parse(skillText).flatMap(id -> SkillStore.readable(h, accountId, id))
                    .orElseThrow(() -> ApiException.invalidField("skill_id", "DOES_NOT_EXIST",
                            "Skill " + Text.abbreviate(skillText, 40) + " does not exist"));
            if (skill.global()) {
                throw new ApiException(ErrorCode.ACCESS_DENIED, "Skill " + skill.id()
                        + " is global: its values come from worker profiles, not from requesters");
            }
            // The worker's row serialises every change of their values, so a pair set twice at once gets one row.
            workers.lock(h, workerId).orElseThrow(() -> ApiException.invalidField("user_id", "DOES_NOT_EXIST",
                    "Worker " + Text.abbreviate(workerId, 40) + " does not exist"));
            return putAndTell(h, accountId, skill, workerId, value, doc, skill.valueExpiry(clock.millis())).view();
        });
    }

    /**
     * Sets a value a quality-control rule computed, in the caller's transaction (the event's). False, and nothing
     * set, when the rule names no skill of the account that a requester may set.
     */
    public boolean setByRule(Handle h, String accountId, String skillText, String workerId, double value) {
        Optional<Skill> skill = ObjectIds.parse(skillText).flatMap(id -> SkillStore.readable(h, accountId, id))
                .filter(found -> !found.global());
        if (skill.isEmpty()) {
            return false;
        }
        ObjectNode body = Json.object();
        body.put("skill_id", Long.toString(skill.get().id())).put("user_id", workerId).put("value", value);
        workers.lock(h, workerId).orElseThrow();
        putAndTell(h, accountId, skill.get(), workerId, value,
                Document.of(Documents.storedDocument(body, UserSkill.SERVER_FIELDS, ids::nextUuid)),
                skill.get().valueExpiry(clock.millis()));
        return true;
    }

    /**
     * Sets the value of a training skill a worker earned by completing a training, in the caller's transaction
     * (the submit's): gone at {@code expires} (the training's {@code retry_training_after_days} on), null for never.
     */
    public void setByTraining(Handle h, String accountId, long skillId, String workerId, double value, Long expires) {
        Skill skill = SkillStore.readable(h, accountId, skillId).orElseThrow();
        workers.lock(h, workerId).orElseThrow();
        putAndTell(h, accountId, skill, workerId, value, Document.of(Json.object()), expires);
    }

    private UserSkill putAndTell(Handle h, String accountId, Skill skill, String workerId, double value,
                                 Document doc, Long expires) {
        List<Long> admitting = skillChange.admitting(h, accountId, workerId);
        UserSkill set = put(h, accountId, skill, workerId, value, doc, expires);
        if (!admitting.isEmpty()) {
            skillChange.changed(h, accountId, workerId, skill.id(), admitting);
        }
        // A pool whose filter reads the skill may let the worker in now.
        pools.workerMayBeAdmitted(h, workerId);
        return set;
    }

    private UserSkill put(Handle h, String accountId, Skill skill, String workerId, double value, Document doc,
                          Long expires) {
        long now = clock.millis();
        Optional<UserSkill> existing = UserSkillStore.pair(h, skill.id(), workerId);
        if (existing.isPresent() && existing.get().live(now)) {
            UserSkill changed = existing.get().changed(value, now, expires, doc);
            UserSkillStore.TABLE.update(h, changed);
            return changed;
        }
        existing.ifPresent(expired -> UserSkillStore.delete(h, expired.id()));
        UserSkill created = new UserSkill(ids.nextObjectId(h), accountId, skill.id(), workerId, value, now, now,
                expires, doc);
        UserSkillStore.TABLE.insert(h, created);
        return created;
    }

    public JsonSerializable get(String accountId, String id) {
        long now = clock.millis();
        return db.oneStatement(h -> ObjectIds.parse(id).flatMap(userSkillId ->
                UserSkillStore.TABLE.find(h, accountId, userSkillId)).filter(found -> found.live(now)))
                .orElseThrow(() -> missing(id)).view();
    }

    /** Toloka's filters: {@code user_id}, {@code skill_id}, and the id, created and modified ranges. */
    public Page<JsonSerializable> list(String accountId, ListQuery.Params params) {
        ListQuery query = UserSkillStore.TABLE.query(params).where(UserSkillStore.LIVE, clock.millis());
        List<UserSkill> rows = db.oneStatement(h -> UserSkillStore.TABLE.list(h, accountId, query));
        return query.page(rows.stream().map(UserSkill::view).toList());
    }

    /**
     * Takes the value from the worker: filters on the skill no longer see it. The row stays, expired now, so that
     * a training skill's value tells when it was lost: the worker's retraining counts from then.
     */
    public void delete(String accountId, String id) {
        long now = clock.millis();
        db.inTransaction(h -> {
            UserSkill found = ObjectIds.parse(id).flatMap(userSkillId ->
                    UserSkillStore.TABLE.lock(h, accountId, userSkillId)).filter(row -> row.live(now))
                    .orElseThrow(() -> missing(id));
            List<Long> admitting = skillChange.admitting(h, accountId, found.workerId());
            UserSkillStore.expire(h, found.id(), now);
            if (!admitting.isEmpty()) {
                skillChange.changed(h, accountId, found.workerId(), found.skillId(), admitting);
            }
            // A filter may ask for no value of the skill.
            pools.workerMayBeAdmitted(h, found.workerId());
            return null;
        });
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("User skill", Text.abbreviate(id, 40));
    }
}

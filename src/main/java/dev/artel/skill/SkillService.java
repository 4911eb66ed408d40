package dev.artel.skill;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Page;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import java.time.Clock;
import java.util.List;

/**
 * Skills: an account creates, reads, lists and replaces its own; the global ones (the verified languages) every
 * account reads and lists, and none changes (403 ACCESS_DENIED). Another account's skill does not exist.
 */
public final class SkillService {
    private final Database db;
    private final IdGenerator ids;
    private final Clock clock;

    public SkillService(Database db, IdGenerator ids, Clock clock) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
    }

    /** {@code body} is a SkillFormV1, already held to the spec. */
    public JsonSerializable create(String accountId, ObjectNode body) {
        ObjectNode form = stored(body);
        return db.inTransaction(h -> {
            long now = clock.millis();
            Skill skill = new Skill(ids.nextObjectId(h), accountId, form.path("name").asText(), now, now,
                    Document.of(form));
            SkillStore.TABLE.insert(h, skill);
            return skill.view();
        });
    }

    /** PUT: the body replaces the form ("specify all the skill parameters"). */
    public JsonSerializable update(String accountId, String id, ObjectNode body) {
        ObjectNode form = stored(body);
        return db.inTransaction(h -> {
            long skillId = parsedId(id);
            Skill skill = SkillStore.TABLE.lock(h, accountId, skillId).orElseThrow(() -> unchangeable(h, accountId,
                    skillId));
            Skill changed = skill.changed(form.path("name").asText(), clock.millis(), Document.of(form));
            SkillStore.TABLE.update(h, changed);
            return changed.view();
        });
    }

    private static ApiException unchangeable(Handle h, String accountId, long id) {
        if (SkillStore.readable(h, accountId, id).isPresent()) {
            return new ApiException(ErrorCode.ACCESS_DENIED, "Skill " + id + " is global: no account changes it");
        }
        return missing(Long.toString(id));
    }

    /** The form as stored: without the server's fields, and with the defaults Toloka shows for what it omits. */
    private ObjectNode stored(ObjectNode body) {
        ObjectNode form = Documents.storedDocument(body, Skill.SERVER_FIELDS, ids::nextUuid);
        if (!form.path("hidden").isBoolean()) {
            form.put("hidden", true);
        }
        if (!form.path("deprecated").isBoolean()) {
            form.put("deprecated", false);
        }
        return form;
    }

    public JsonSerializable get(String accountId, String id) {
        long skillId = parsedId(id);
        return db.oneStatement(h -> SkillStore.readable(h, accountId, skillId)).orElseThrow(() -> missing(id)).view();
    }

    /** Toloka's filters: {@code name} (exact), {@code global}, and the id and time ranges. */
    public Page<JsonSerializable> list(String accountId, ListQuery.Params params) {
        ListQuery query = SkillStore.TABLE.query(params);
        String name = params.get("name");
        if (name != null) {
            query.whereEquals("name", name);
        }
        String global = params.get("global");
        if (global != null && bool("global", global)) {
            query.where(SkillStore.GLOBAL);
        } else if (global != null) {
            query.whereEquals("account_id", accountId);
        }
        List<Skill> rows = db.oneStatement(h -> SkillStore.readable(h, accountId, query));
        return query.page(rows.stream().map(Skill::view).toList());
    }

    private static boolean bool(String param, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw ApiException.invalidField(param, "BOOLEAN_EXPECTED", param + " must be true or false");
    }

    private static long parsedId(String id) {
        return ObjectIds.parse(id).orElseThrow(() -> missing(id));
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("Skill", Text.abbreviate(id, 40));
    }
}

package dev.artel.userskill;

import static dev.artel.storage.DocumentTable.column;

import dev.artel.skill.VerifiedLanguages;
import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workers' skill values: one row a skill and worker, owned by the skill's account. */
public final class UserSkillStore {
    /** The condition that keeps expired values out of every read; binds the current time. */
    static final String LIVE = "expires IS NULL OR expires > ?";
    private static final Field ID = new Field("id", Kind.OBJECT_ID);
    private static final Map<String, Field> ORDERED = ordered();

    static final DocumentTable<UserSkill> TABLE = new DocumentTable<>("user_skills", "user skill", List.of(
            column("id", UserSkill::id),
            column("account_id", UserSkill::accountId),
            column("skill_id", UserSkill::skillId),
            column("worker_id", UserSkill::workerId),
            column("exact_value", UserSkill::exactValue),
            column("created", UserSkill::created),
            column("modified", UserSkill::modified),
            column("expires", UserSkill::expires),
            column("doc", s -> s.doc().text())),
            row -> new UserSkill(row.number("id"), row.string("account_id"), row.number("skill_id"),
                    row.string("worker_id"), row.decimal("exact_value"), row.number("created"), row.number("modified"),
                    row.nullableNumber("expires"), row.document()),
            new ListQuery.Spec(ORDERED, ORDERED, ID, Map.of(
                    "user_id", new Field("worker_id", Kind.STRING_ID),
                    "skill_id", new Field("skill_id", Kind.OBJECT_ID))));

    private UserSkillStore() {
    }

    private static Map<String, Field> ordered() {
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("id", ID);
        fields.put("created", new Field("created", Kind.TIME));
        fields.put("modified", new Field("modified", Kind.TIME));
        return fields;
    }

    /** The row of the pair, live or expired. */
    static Optional<UserSkill> pair(Handle h, long skillId, String workerId) {
        List<UserSkill> rows = TABLE.select(h, "WHERE skill_id = ? AND worker_id = ?", skillId, workerId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static void delete(Handle h, long id) {
        h.update("DELETE FROM user_skills WHERE id = ?", id);
    }

    static void expire(Handle h, long id, long now) {
        h.update("UPDATE user_skills SET expires = ? WHERE id = ?", now, id);
    }

    /**
     * Moves the expiry of the worker's live value of the skill on to {@code until}, if it has one that comes
     * sooner; a value for ever stays so.
     */
    public static void keepUntil(Handle h, long skillId, String workerId, long until, long now) {
        h.update("UPDATE user_skills SET expires = ? WHERE skill_id = ? AND worker_id = ? AND expires > ?"
                + " AND expires < ?", until, skillId, workerId, now, until);
    }

    /** The worker's live value of the skill. */
    public static Optional<Double> liveValue(Handle h, long skillId, String workerId, long now) {
        return h.queryOne("SELECT exact_value FROM user_skills WHERE skill_id = ? AND worker_id = ? AND (" + LIVE
                + ")", rs -> rs.getDouble(1), skillId, workerId, now);
    }

    /** When the worker's value of the skill was lost (expired or deleted), if they had one and have none now. */
    public static Optional<Long> lostAt(Handle h, long skillId, String workerId, long now) {
        return h.queryOne("SELECT expires FROM user_skills WHERE skill_id = ? AND worker_id = ? AND expires <= ?",
                rs -> rs.getLong(1), skillId, workerId, now);
    }

    /**
     * The skill values a pool of {@code accountId} sees of the worker, by skill id: the account's live ones, and
     * 100 in the verified-language skill of each language of the worker's {@code verifiedLanguages}.
     */
    public static Map<String, Double> valuesSeenBy(Handle h, String accountId, String workerId,
                                                   JsonNode verifiedLanguages, long now) {
        Map<String, Double> values = new HashMap<>();
        h.query("SELECT skill_id, exact_value FROM user_skills WHERE worker_id = ? AND account_id = ? AND ("
                + LIVE + ")", rs -> values.put(Long.toString(rs.getLong(1)), rs.getDouble(2)), workerId, accountId, now);
        for (JsonNode language : verifiedLanguages) {
            Long skill = VerifiedLanguages.skillId(language.asText());
            if (skill != null) {
                values.put(Long.toString(skill), VerifiedLanguages.VALUE);
            }
        }
        return values;
    }
}

package dev.artel.userskill;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * A worker's value of one of an account's skills: {@code exactValue} as set, and what the client sent beside it
 * ({@code reason}, unknown fields) as the document. {@code expires}: when the skill's lifetime runs out, null for
 * never; an expired value is gone to every read.
 */
record UserSkill(long id, String accountId, long skillId, String workerId, double exactValue, long created,
                 long modified, Long expires, Document doc) {
    /** Fields the server owns, dropped from a form before it is stored. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "skill_id", "user_id", "value", "exact_value", "created",
            "modified");
    /** Doubles this large are integers, and no skill value comes near them. */
    private static final double INTEGRAL = 1e15;

    /** As UserSkillViewV1: {@code value} is {@code exact_value} rounded to the nearest integer, halves up. */
    JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", Long.toString(id));
        out.put("skill_id", Long.toString(skillId));
        out.put("user_id", workerId);
        out.put("value", BigDecimal.valueOf(exactValue).setScale(0, RoundingMode.HALF_UP).intValueExact());
        // 50 as 50 rather than 50.0: the value as it was given.
        if (exactValue == Math.rint(exactValue) && Math.abs(exactValue) < INTEGRAL) {
            out.put("exact_value", (long) exactValue);
        } else {
            out.put("exact_value", exactValue);
        }
        out.put("created", Timestamps.format(created));
        out.put("modified", Timestamps.format(modified));
        return doc.behind(out);
    }

    UserSkill changed(double value, long now, Long newExpiry, Document newDoc) {
        return new UserSkill(id, accountId, skillId, workerId, value, created, now, newExpiry, newDoc);
    }

    boolean live(long now) {
        return expires == null || expires > now;
    }
}

package dev.artel.skill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import java.util.Set;

/**
 * A stored skill: an account's own, or a global one (no account's: {@code accountId} null) that every account
 * reads and none changes (the verified languages). {@code name} is a column for the list's name filter; the client's form is the document.
 * {@code modified} is the last PUT, which lists filter on and Toloka's view does not show.
 */
public record Skill(long id, String accountId, String name, long created, long modified, Document doc) {
    /** Fields the server owns, dropped from a form before it is stored. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "created", "owner", "global");
    private static final long HOUR_MILLIS = 3_600_000L;
    /** About 100,000 years: longer lifetimes are for ever. */
    private static final long MAX_TTL_HOURS = 1_000_000_000L;

    public boolean global() {
        return accountId == null;
    }

    /**
     * When a value of the skill set at {@code now} runs out: {@code skill_ttl_hours} later ("removed from the
     * Toloker's profile if the skill level hasn't been updated for the specified length of time"); null for never,
     * also for a lifetime past any date a database stores.
     */
    public Long valueExpiry(long now) {
        JsonNode hours = doc.tree().path("skill_ttl_hours");
        if (!hours.canConvertToLong() || hours.asLong() <= 0 || hours.asLong() > MAX_TTL_HOURS) {
            return null;
        }
        return now + hours.asLong() * HOUR_MILLIS;
    }

    /** As SkillViewV1: a global skill has no owner, an account's own is its owner's. */
    public JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", Long.toString(id));
        if (!global()) {
            out.set("owner", Documents.owner(accountId));
        }
        out.put("created", Timestamps.format(created));
        out.put("global", global());
        return doc.behind(out);
    }

    Skill changed(String newName, long now, Document newDoc) {
        return new Skill(id, accountId, newName, created, now, newDoc);
    }
}

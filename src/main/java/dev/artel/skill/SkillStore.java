package dev.artel.skill;

import static dev.artel.storage.DocumentTable.column;

import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Skills: an account's own, and the global ones every account reads (V13 stores them with no account). */
public final class SkillStore {
    private static final Field ID = new Field("id", Kind.OBJECT_ID);
    private static final Field CREATED = new Field("created", Kind.TIME);
    private static final ListQuery.Spec LIST = new ListQuery.Spec(
            Map.of("id", ID, "created", CREATED),
            Map.of("id", ID, "created", CREATED, "modified", new Field("modified", Kind.TIME)),
            ID);

    static final DocumentTable<Skill> TABLE = new DocumentTable<>("skills", "skill", List.of(
            column("id", Skill::id),
            column("account_id", Skill::accountId),
            column("name", Skill::name),
            column("created", Skill::created),
            column("modified", Skill::modified),
            column("doc", s -> s.doc().text())),
            row -> new Skill(row.number("id"), row.string("account_id"), row.string("name"), row.number("created"),
                    row.number("modified"), row.document()),
            LIST);

    private SkillStore() {
    }

    /** Which skills an account may read: its own and the global ones. */
    private static final String READABLE = "(account_id = ? OR account_id IS NULL)";
    /** What {@code global=true} keeps of a list. */
    static final String GLOBAL = "account_id IS NULL";

    /** A skill the account may read: its own, or a global one. */
    public static Optional<Skill> readable(Handle h, String accountId, long id) {
        List<Skill> rows = TABLE.select(h, "WHERE id = ? AND " + READABLE, id, accountId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** One page of the skills the account may read, as {@code query} filters and orders them. */
    static List<Skill> readable(Handle h, String accountId, ListQuery query) {
        return TABLE.select(h, "WHERE " + READABLE + query.where(h.dialect()) + query.orderAndLimit(), query.args(accountId));
    }
}

package dev.artel.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

public final class SqlTimerStore implements TimerStore {
    private static final List<String> KEY = List.of("kind", "timer_key");
    private static final List<String> VALUES = List.of("account_id", "due", "payload", "attempts");

    @Override
    public void upsert(Handle h, Timer timer) {
        h.update(h.dialect().upsert("timers", KEY, VALUES), timer.kind(), timer.key(), timer.accountId(), timer.due(),
                timer.payload() == null ? null : Json.write(timer.payload()), 0);
    }

    @Override
    public boolean delete(Handle h, String kind, String key) {
        return h.update("DELETE FROM timers WHERE kind = ? AND timer_key = ?", kind, key) > 0;
    }

    @Override
    public List<Position> dueAfter(Handle h, Set<String> kinds, long now, Position after, int limit) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT due, kind, timer_key FROM timers WHERE due <= ?")
                .append(" AND kind IN (").append(inList(kinds)).append(')');
        List<Object> args = new ArrayList<>();
        args.add(now);
        args.addAll(kinds);
        if (after != null) {
            sql.append(" AND (due, kind, timer_key) > (?, ?, ?)");
            args.addAll(List.of(after.due(), after.kind(), after.key()));
        }
        sql.append(" ORDER BY due, kind, timer_key LIMIT ").append(limit);
        return h.query(sql.toString(), rs -> new Position(rs.getLong(1), rs.getString(2), rs.getString(3)),
                args.toArray());
    }

    @Override
    public Optional<Stored> lockDue(Handle h, String kind, String key, long now) {
        return h.queryOne("SELECT account_id, due, payload, attempts FROM timers"
                + " WHERE kind = ? AND timer_key = ? AND due <= ? FOR UPDATE SKIP LOCKED",
                rs -> new Stored(new Timer(kind, key, rs.getString(1), rs.getLong(2), payload(rs)), rs.getInt(4)),
                kind, key, now);
    }

    @Override
    public void countAttempt(Handle h, String kind, String key) {
        h.update("UPDATE timers SET attempts = attempts + 1 WHERE kind = ? AND timer_key = ?", kind, key);
    }

    @Override
    public OptionalLong nextDueAfter(Handle h, Set<String> kinds, long after) {
        if (kinds.isEmpty()) {
            return OptionalLong.empty();
        }
        Object[] args = new Object[kinds.size() + 1];
        args[0] = after;
        System.arraycopy(kinds.toArray(), 0, args, 1, kinds.size());
        return h.queryOne("SELECT due FROM timers WHERE due > ? AND kind IN (" + inList(kinds) + ") ORDER BY due"
                + " LIMIT 1", rs -> OptionalLong.of(rs.getLong(1)), args).orElse(OptionalLong.empty());
    }

    private static String inList(Set<String> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }

    private static ObjectNode payload(ResultSet rs) throws SQLException {
        String payload = rs.getString(3);
        return payload == null ? null : Json.parseObject(payload);
    }
}

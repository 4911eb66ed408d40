package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.pool.Pool;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;

/**
 * A pool's {@code speed_quality_balance}: only the best workers by quality may take its work.
 * {@code TOP_PERCENTAGE_BY_QUALITY} admits the best {@code percent} per cent, {@code BEST_CONCURRENT_USERS_BY_QUALITY}
 * the best {@code count}.
 * <p>
 * <b>Quality.</b> Toloka ranks by a forecast from its whole platform's data, which a server of one requester's
 * pools does not have. Artel ranks by what the pool's owner has said of each worker: the share of their
 * assignments in the owner's pools the owner accepted, of those reviewed (accepted or rejected, by hand, by
 * auto-accept or by a quality-control rule), smoothed as Toloka's guide smooths a worker's accuracy for dynamic
 * overlap: {@code (K + accepted) / (2K + reviewed)} with {@code K = 0.5}, so a worker nothing is known of stands at
 * one half, and one acceptance is less than ten.
 * <p>
 * <b>Among whom.</b> The workers the owner knows (who ever took an assignment of theirs), and the applicant. A
 * worker is admitted when fewer than the admitted number are strictly better: the best {@code ceil(percent × N /
 * 100)} of {@code N}, or the best {@code count}, ties admitted together. So the choice is deterministic and needs
 * no tie-break by id, workers nothing is known of are admitted together or not at all, and with nothing known of
 * anyone everybody is admitted. Toloka's BEST_CONCURRENT counts Tolokers online now; Artel has no notion of online
 * and counts the same known workers.
 * <p>
 * Decided at every take and for the worker's list of pools, from one grouped read of the owner's assignments:
 * the cost grows with the owner's assignments, and only pools with a balance pay it.
 */
final class SpeedQualityBalance {
    private SpeedQualityBalance() {
    }

    /** Why the balance refuses the worker; empty when it admits them or the pool has none. */
    static Optional<String> refusal(Handle h, String workerId, Pool pool, JsonNode poolDoc) {
        JsonNode balance = poolDoc.path("speed_quality_balance");
        String type = balance.path("type").asText();
        boolean top = type.equals("TOP_PERCENTAGE_BY_QUALITY") && balance.path("percent").isIntegralNumber();
        boolean best = type.equals("BEST_CONCURRENT_USERS_BY_QUALITY") && balance.path("count").isIntegralNumber();
        if (!top && !best) {
            return Optional.empty();
        }
        // Per worker who ever took the owner's work: accepted, and reviewed (accepted or rejected).
        List<long[]> known = h.query("SELECT SUM(CASE WHEN status = 'ACCEPTED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status IN ('ACCEPTED', 'REJECTED') THEN 1 ELSE 0 END),"
                + " MAX(CASE WHEN worker_id = ? THEN 1 ELSE 0 END) FROM assignments WHERE account_id = ?"
                + " GROUP BY worker_id", rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                workerId, pool.accountId());
        long[] own = known.stream().filter(row -> row[2] == 1).findFirst().orElse(new long[] {0, 0, 1});
        long population = known.size() + (known.stream().anyMatch(row -> row[2] == 1) ? 0 : 1);
        long better = known.stream().filter(row -> better(row, own)).count();
        if (top) {
            long percent = balance.path("percent").asLong();
            // better < ceil(percent × population / 100), in integers.
            return better * 100 < percent * population ? Optional.empty() : Optional.of("the pool's speed/quality"
                    + " balance admits only the top " + percent + "% of workers by quality");
        }
        long count = balance.path("count").asLong();
        return better < count ? Optional.empty() : Optional.of("the pool's speed/quality balance admits only the "
                + count + " best workers by quality");
    }

    /**
     * Whether {@code a}'s smoothed acceptance rate is above {@code b}'s: {@code (0.5 + acc) / (1 + rev)}, compared
     * as {@code (1 + 2 acc) (1 + rev')} against the same of the other, in exact integers.
     */
    private static boolean better(long[] a, long[] b) {
        return (1 + 2 * a[0]) * (1 + b[1]) > (1 + 2 * b[0]) * (1 + a[1]);
    }
}

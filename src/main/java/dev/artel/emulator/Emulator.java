package dev.artel.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.core.VirtualClock;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Json;
import dev.artel.schedule.Scheduler;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The offline test double's controls. On a server started with {@code --emulator} time is a {@link VirtualClock}
 * that moves only here: advancing it fires every timer due on the way (assignment expiry, auto-accept, pool
 * expiry and completion, reopening, and anything later features schedule) in time order, each at its own due
 * time, so the API shows what a real server would have shown had that much time passed. On any other server every
 * control answers 403 EMULATOR_OFF.
 * <p>
 * Controls run one at a time ({@link #exclusively}): an advance and a reset or restore interleaved would apply
 * timers to a state that is being replaced. The timer thread is off on an emulator, so that nothing fires except
 * when the clock is moved, in the same order on every run. A reset or restore is one transaction, but requests
 * that run beside it are not held off: a test sends them after it, not during.
 * <p>
 * <b>Reset</b> empties what belongs to one account, or to every account ({@link StateTables} says which rows
 * those are); accounts, workers and their tokens stay. Resetting every account also takes the clock back to
 * {@code --clock-start}, when the server has one, and on a server with deterministic ids starts every id source
 * again, as on an empty database. <b>Snapshots</b> ({@link Snapshots}) hold every table with the virtual time
 * and the ids' {@link IdGenerator.Position}; a restore puts all of it back, the clock too, even backwards.
 */
public final class Emulator {
    private final Database db;
    private final Scheduler scheduler;
    private final VirtualClock clock;
    private final IdGenerator ids;
    private final Long clockStart;
    private final ReentrantLock controls = new ReentrantLock();
    private final List<Runnable> stateReplaced = new CopyOnWriteArrayList<>();
    /** Read from the catalogue by the first control that needs it, under the controls' lock. */
    private StateTables tables;

    /**
     * {@code clock} is null on a server that is not an emulator; {@code clockStart} is where its clock starts on
     * an empty database, or null for the wall clock's time.
     */
    public Emulator(Database db, Scheduler scheduler, VirtualClock clock, IdGenerator ids, Long clockStart) {
        this.db = db;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ids = ids;
        this.clockStart = clockStart;
    }

    public boolean on() {
        return clock != null;
    }

    /** Refuses a control on a server that is not an emulator. */
    public void requireOn() {
        if (!on()) {
            throw new ApiException(ErrorCode.EMULATOR_OFF, ErrorCode.EMULATOR_OFF.defaultMessage());
        }
    }

    /** Runs a control with every other control held off; refused when the emulator is off. */
    public <T> T exclusively(Supplier<T> control) {
        requireOn();
        controls.lock();
        try {
            return control.get();
        } finally {
            controls.unlock();
        }
    }

    /**
     * Registers what a node keeps in memory about stored state (token caches, say) to drop after a reset or a
     * restore has replaced it.
     */
    public void onStateReplaced(Runnable forget) {
        stateReplaced.add(forget);
    }

    /**
     * After start-up: a restarted emulator goes on from the time it had reached, never back behind its data, and
     * its ids from a millisecond later than any it drew before (it no longer knows how many it drew in the last
     * one). A first start stores its time, so that a restart knows the ids it may have drawn.
     */
    public void resume() {
        if (!on()) {
            return;
        }
        db.inTransaction(h -> {
            Optional<long[]> stored = h.queryOne("SELECT now, ids_from FROM emulator_clock WHERE id = 1",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)});
            if (stored.isEmpty()) {
                storeTime(h, clock.millis());
                return null;
            }
            long now = stored.get()[0];
            if (now > clock.millis()) {
                clock.set(now);
            }
            long idsFrom = Math.max(now, stored.get()[1]) + 1;
            h.update("UPDATE emulator_clock SET ids_from = ? WHERE id = 1", idsFrom);
            ids.startAt(idsFrom);
            return null;
        });
    }

    public long clockMillis() {
        return clock.millis();
    }

    private ObjectNode clockView(int timersFired) {
        ObjectNode out = Json.object();
        out.put("now", Timestamps.format(clock.millis()));
        out.put("timers_fired", timersFired);
        return out;
    }

    public ObjectNode now() {
        requireOn();
        return clockView(0);
    }

    public ObjectNode advance(Duration by) {
        if (by.isNegative()) {
            throw badTime("by", "The clock only moves forward; restore a snapshot to go back");
        }
        return exclusively(() -> clockView(advanceTo(Math.addExact(clock.millis(), by.toMillis()))));
    }

    public ObjectNode setTo(long target) {
        return exclusively(() -> {
            if (target < clock.millis()) {
                throw badTime("now", "The clock only moves forward (it is " + Timestamps.format(clock.millis())
                        + "); restore a snapshot to go back");
            }
            return clockView(advanceTo(target));
        });
    }

    /**
     * Walks the clock to {@code target} through every due time of a timer on the way, firing what is due at each;
     * a timer fired on the way may schedule another before the target, which the walk then reaches too. Returns
     * how many timers fired.
     */
    private int advanceTo(long target) {
        int fired = runAllDue();
        while (true) {
            OptionalLong next = scheduler.nextDueAfter(clock.millis());
            if (next.isEmpty() || next.getAsLong() > target) {
                break;
            }
            moveTo(next.getAsLong());
            fired += runAllDue();
        }
        moveTo(target);
        return fired + runAllDue();
    }

    /**
     * Fires what is due until nothing more fires. A scheduler pass fires each timer at most once, so a timer that
     * fired at this instant and was set again for it (a simulated worker that found no work, woken by work that
     * appears later in the same instant) would otherwise wait for the clock's next stop, and act late. This ends:
     * no handler sets its own timer again for the instant it fires at, so each pass needs another timer's change.
     */
    private int runAllDue() {
        int fired = 0;
        for (int pass = scheduler.runDue(); pass > 0; pass = scheduler.runDue()) {
            fired += pass;
        }
        return fired;
    }

    /**
     * Moves the clock and stores where it is. Stored first: the stored time is never behind an id drawn at the
     * clock's, which {@link #resume} relies on.
     */
    public void moveTo(long millis) {
        db.inTransaction(h -> {
            storeTime(h, millis);
            return null;
        });
        clock.set(millis);
    }

    private static void storeTime(Handle h, long millis) {
        if (h.update("UPDATE emulator_clock SET now = ? WHERE id = 1", millis) == 0) {
            h.update("INSERT INTO emulator_clock (id, now) VALUES (1, ?)", millis);
        }
    }

    /**
     * Deletes everything that belongs to {@code accountId}, or with null to every account: the latter also takes
     * the clock back to {@code --clock-start} and, with deterministic ids, starts the id sources again.
     */
    public ObjectNode reset(String accountId) {
        return exclusively(() -> {
            long deleted;
            if (accountId != null) {
                deleted = db.inTransaction(h -> {
                    if (h.queryLong("SELECT COUNT(*) FROM accounts WHERE id = ?", accountId) == 0) {
                        throw ApiException.notFound("Account", Text.abbreviate(accountId, 40));
                    }
                    return tables().deleteAccount(h, accountId);
                });
            } else {
                deleted = replacing(h -> {
                    long rows = tables().deleteEveryAccount(h);
                    if (clockStart != null) {
                        storeTime(h, clockStart);
                    }
                    return new Replaced<>(rows, clockStart, ids.deterministic() ? IdGenerator.Position.FRESH : null);
                });
            }
            stateReplaced.forEach(Runnable::run);
            ObjectNode out = Json.object();
            if (accountId != null) {
                out.put("account_id", accountId);
            }
            out.put("rows_deleted", deleted);
            out.put("now", Timestamps.format(clock.millis()));
            return out;
        });
    }

    /** A snapshot saved, and whether it replaced one of the same name. */
    public record SavedSnapshot(ObjectNode view, boolean replaced) {
    }

    /** Saves the state under {@code name}, replacing a snapshot of that name. */
    public SavedSnapshot saveSnapshot(String name) {
        return exclusively(() -> db.inTransaction(h -> {
            boolean replaced = Snapshots.delete(h, name);
            Snapshots.Saved saved = Snapshots.save(h, tables(), name, clock.millis(), ids.position(h));
            return new SavedSnapshot(saved.view(), replaced);
        }));
    }

    public ObjectNode listSnapshots() {
        return exclusively(() -> {
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            db.oneStatement(Snapshots::list).forEach(saved -> items.add(saved.view()));
            return out;
        });
    }

    /** Replaces the whole state with the snapshot's: every table, the clock (backwards too) and the ids. */
    public ObjectNode restoreSnapshot(String name) {
        return exclusively(() -> {
            Snapshots.Saved restored = replacing(h -> {
                Snapshots.Saved saved = Snapshots.find(h, name).orElseThrow(() -> snapshotNotFound(name));
                int schema = Snapshots.schemaVersion(h);
                if (saved.schemaVersion() != schema) {
                    throw new ApiException(ErrorCode.CONFLICT_STATE, "Snapshot '" + name + "' was saved at schema"
                            + " version " + saved.schemaVersion() + " and the database is at " + schema
                            + ": its rows would not fit");
                }
                Snapshots.restore(h, tables(), saved);
                storeTime(h, saved.clock());
                return new Replaced<>(saved, saved.clock(), saved.ids());
            });
            stateReplaced.forEach(Runnable::run);
            return restored.view();
        });
    }

    public void deleteSnapshot(String name) {
        exclusively(() -> {
            if (!db.inTransaction(h -> Snapshots.delete(h, name))) {
                throw snapshotNotFound(name);
            }
            return null;
        });
    }

    /** What a transaction that replaces state returns: its result, and where the clock and ids go, if anywhere. */
    private record Replaced<T>(T result, Long clock, IdGenerator.Position ids) {
    }

    @FunctionalInterface
    private interface Replacement<T> {
        Replaced<T> run(Handle h);
    }

    /**
     * Runs a replacement of the state in one transaction, then moves the clock and the ids where it says. The ids
     * move last inside the transaction, since H2 does not undo a sequence's restart: when the commit fails after
     * it, they are moved back.
     */
    private <T> T replacing(Replacement<T> replacement) {
        IdGenerator.Position before = db.oneStatement(ids::position);
        boolean[] idsMoved = {false};
        try {
            Replaced<T> done = db.inTransaction(h -> {
                Replaced<T> replaced = replacement.run(h);
                if (replaced.ids() != null) {
                    ids.moveTo(h, replaced.ids());
                    idsMoved[0] = true;
                }
                return replaced;
            });
            if (done.clock() != null) {
                clock.set(done.clock());
            }
            return done.result();
        } catch (RuntimeException e) {
            if (idsMoved[0]) {
                db.inTransaction(h -> {
                    ids.moveTo(h, before);
                    return null;
                });
            }
            throw e;
        }
    }

    private StateTables tables() {
        if (tables == null) {
            tables = StateTables.read(db);
        }
        return tables;
    }

    private static ApiException snapshotNotFound(String name) {
        return ApiException.notFound("Snapshot", Text.abbreviate(name, 100));
    }

    private static ApiException badTime(String field, String message) {
        return ApiException.invalidField(field, "VALUE_OUT_OF_RANGE", message);
    }
}

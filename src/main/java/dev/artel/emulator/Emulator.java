package dev.artel.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.core.VirtualClock;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Json;
import dev.artel.schedule.Scheduler;
import dev.artel.storage.Database;
import java.time.Duration;
import java.util.OptionalLong;
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
 * when the clock is moved, in the same order on every run.
 */
public final class Emulator {
    private final Database db;
    private final Scheduler scheduler;
    private final VirtualClock clock;
    private final ReentrantLock controls = new ReentrantLock();

    /** {@code clock} is null on a server that is not an emulator. */
    public Emulator(Database db, Scheduler scheduler, VirtualClock clock) {
        this.db = db;
        this.scheduler = scheduler;
        this.clock = clock;
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

    /** After start-up: a restarted emulator goes on from the time it had reached, never back behind its data. */
    public void resumeStoredTime() {
        if (!on()) {
            return;
        }
        db.oneStatement(h -> h.queryOne("SELECT now FROM emulator_clock WHERE id = 1", rs -> rs.getLong(1)))
                .filter(stored -> stored > clock.millis())
                .ifPresent(clock::set);
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

    /** Moves the clock and stores where it is; also used by a restore, which may take it back. */
    public void moveTo(long millis) {
        clock.set(millis);
        db.inTransaction(h -> {
            if (h.update("UPDATE emulator_clock SET now = ? WHERE id = 1", millis) == 0) {
                h.update("INSERT INTO emulator_clock (id, now) VALUES (1, ?)", millis);
            }
            return null;
        });
    }

    private static ApiException badTime(String field, String message) {
        return ApiException.invalidField(field, "VALUE_OUT_OF_RANGE", message);
    }
}

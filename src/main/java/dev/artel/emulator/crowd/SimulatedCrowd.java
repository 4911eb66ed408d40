package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentService;
import dev.artel.emulator.crowd.CrowdStore.Member;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Json;
import dev.artel.pool.PoolStore;
import dev.artel.pool.WorkListener;
import dev.artel.project.ProjectStore;
import dev.artel.schedule.Scheduler;
import dev.artel.schedule.Timer;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.task.spec.FieldSpecs;
import dev.artel.worker.Worker;
import dev.artel.worker.WorkerService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's simulated crowd: workers that take, answer, skip and abandon assignments as the virtual clock
 * moves, through the same {@link AssignmentService} steps a person's requests go through, so every rule of the
 * crowd loop (overlap, reservations, expiry, auto-accept, completion) applies to them as to people.
 *
 * <p><b>Turns.</b> Each simulated worker is a real worker row and has at most one timer ({@value #TURN}, keyed by
 * its ordinal in the crowd). When it fires, the worker first finishes what it holds (submits its answers or skips),
 * then looks through the open pools in id order and takes the first assignment it is given; its timer is set again
 * at now plus its time per task for each task of it, to submit or skip then. An abandoned assignment gets no timer:
 * the assignment's own expiry timer ends it. Everything a turn does is the timer's one transaction, so it happens
 * exactly once; a take that finds nothing is undone to a savepoint, since the mixer may have taken places first.
 *
 * <p><b>Idle workers wait to be woken.</b> A worker that finds no work in any pool is marked idle and keeps no timer.
 * It is woken (its timer set at now) when work may appear: a pool opens, tasks are added or an overlap raised, or an
 * assignment gives its places back (skipped, expired, rejected), or when a pool that refused it may let it in (a
 * restriction of it lifted or ended, a value of its skills changed), which it hears from PoolService as a
 * {@link WorkListener}. Polling instead would fire every idle worker at every step of the clock
 * (a thousand idle workers over 30 days of minutes are 43 million firings), and a backoff would still fire them
 * for nothing and make them late by up to its longest wait. A place given back wakes one idle worker, who hands
 * the wake on if it cannot take the place (see {@link #placesGivenBack}); an opened pool or new tasks wake every
 * idle worker; nothing happening costs nothing. An abandoning worker goes idle too: the expiry of what it
 * abandoned wakes it.
 *
 * <p><b>Reproducible.</b> Timers at one instant fire in key order, so workers act in ordinal order; every draw
 * (whether an answer is right, the wrong value, the time, skip or abandon) comes from {@link Draws} named by the
 * seed, the worker's ordinal, its take number and the task's inputs, never by ids or shared random state.
 */
public final class SimulatedCrowd implements WorkListener {
    private static final Logger log = LoggerFactory.getLogger(SimulatedCrowd.class);
    /** Keyed by a worker's ordinal: its next turn. */
    static final String TURN = "crowd.worker";
    /**
     * In the payload of a turn that an idle worker was woken to for places given back, the assignment that gave
     * them: after its turn the worker hands the wake on while one of them is still free (see
     * {@link #placesGivenBack}).
     */
    private static final String HAND_ON = "hand_on";

    private final Database db;
    private final Scheduler scheduler;
    private final WorkerService workers;
    private final AssignmentService assignments;
    private final OutputSpecs outputs;
    private final Clock clock;
    /** The definition last read and what it parsed to: every turn reads the stored text, few parse it. */
    private volatile Parsed parsed = new Parsed("", Crowd.NONE);

    private record Parsed(String text, Crowd crowd) {
    }

    public SimulatedCrowd(Database db, Scheduler scheduler, WorkerService workers, AssignmentService assignments,
                          PoolStore pools, ProjectStore projects, Clock clock) {
        this.db = db;
        this.scheduler = scheduler;
        this.workers = workers;
        this.assignments = assignments;
        this.outputs = new OutputSpecs(pools, projects);
        this.clock = clock;
        scheduler.register(TURN, this::turn);
    }

    /**
     * Replaces the crowd with the one {@code form} (a CrowdForm) defines: the old workers stop (what they hold is
     * left to expire), new workers are created, and, if a pool is open, each takes its first turn at the clock's
     * current time, that is on the next advance. 400 for a form the schema admits but that makes no crowd.
     */
    public ObjectNode define(ObjectNode form) {
        Crowd crowd = Crowd.read(form);
        db.inTransaction(h -> {
            replace(h, crowd);
            return null;
        });
        return view();
    }

    /**
     * The crowd of {@code --crowd FILE}: kept as it is if it is the stored one already, so that restarting an
     * emulator on its data does not make its workers again.
     */
    public void defineAtStart(ObjectNode form) {
        Crowd crowd = Crowd.read(form);
        String definition = Json.write(crowd.view());
        db.inTransaction(h -> {
            if (!CrowdStore.definition(h).orElse("").equals(definition)) {
                replace(h, crowd);
            }
            return null;
        });
    }

    /** Stops the simulated workers; what they hold is left to expire. */
    public void delete() {
        db.inTransaction(h -> {
            dismiss(h);
            return null;
        });
    }

    /** As artel-api.yaml's Crowd: the definition with defaults filled, and its workers in ordinal order. */
    public ObjectNode view() {
        return db.inTransaction(h -> {
            ObjectNode out = crowd(h).view();
            ArrayNode list = out.putArray("workers");
            for (Member m : CrowdStore.members(h)) {
                list.addObject().put("id", m.workerId()).put("name", m.name()).put("persona", m.persona());
            }
            return out;
        });
    }

    /** The seed of the crowd defined now, 0 without one: hidden true answers derive from it. */
    long seed(Handle h) {
        return crowd(h).seed();
    }

    FieldSpecs outputSpec(Handle h, long poolId) {
        return outputs.of(h, poolId);
    }

    private void replace(Handle h, Crowd crowd) {
        dismiss(h);
        CrowdStore.saveDefinition(h, Json.write(crowd.view()));
        List<Member> members = new ArrayList<>();
        for (Persona persona : crowd.personas()) {
            for (int n = 1; n <= persona.count(); n++) {
                Worker worker = workers.createWithoutToken(h, persona.workerForm(n));
                members.add(new Member(members.size() + 1, worker.id(), persona.name() + "-" + n, persona.name(),
                        true, 0));
            }
        }
        // Idle from the start, and woken at once only if there is a pool to look in: a crowd defined before the
        // pipeline opens its pool waits for the pool, without a turn each to find nothing.
        CrowdStore.insertMembers(h, members);
        if (!CrowdStore.openPools(h).isEmpty()) {
            wakeIdle(h);
        }
    }

    private void dismiss(Handle h) {
        for (Member m : CrowdStore.members(h)) {
            scheduler.cancel(h, TURN, key(m.ordinal()));
        }
        CrowdStore.delete(h);
    }

    /** Fixed width, so that timers at one instant fire in ordinal order. */
    private static String key(int ordinal) {
        return String.format(Locale.ROOT, "%06d", ordinal);
    }

    private Crowd crowd(Handle h) {
        String text = CrowdStore.definition(h).orElse("");
        Parsed last = parsed;
        if (last.text().equals(text)) {
            return last.crowd();
        }
        Crowd crowd = text.isEmpty() ? Crowd.NONE : Crowd.read(Json.parseObject(text));
        parsed = new Parsed(text, crowd);
        return crowd;
    }

    /**
     * The pool opened, tasks were added or an overlap raised, work nobody counts: every idle worker takes a turn at
     * the clock's time, in the caller's transaction (see the class comment). Workers already busy are left alone;
     * their next turn comes anyway.
     */
    @Override
    public void workMayAppear(Handle h, long poolId) {
        wakeIdle(h);
    }

    /**
     * An assignment gave its places back: one idle worker is woken, the first in line
     * ({@link CrowdStore#takeNextIdle}), and after its turn hands the wake on to the next in line while a place
     * given back is still free: it did those tasks already, or took only some of them, or a busy worker took them
     * first and then gave them back. Every worker idle when the places came back thus looks at them until they are
     * taken, as when all were woken; but a place given back costs one turn when the first in line takes it, and
     * one turn per idle worker only when none can, instead of a turn of every idle worker always. The
     * assignment's own worker, if idle (it abandoned the assignment, which has now expired), is woken too: no
     * longer held by it, it may take work that nobody else can.
     */
    @Override
    public void placesGivenBack(Handle h, String assignmentId, String workerId) {
        CrowdStore.takeIdle(h, workerId).ifPresent(ordinal -> wakeAt(h, ordinal, null));
        handOn(h, null, assignmentId);
    }

    /** Only the worker concerned may find work it could not, and only if it is one of the crowd's, and idle. */
    @Override
    public void workerMayBeAdmitted(Handle h, String workerId) {
        CrowdStore.takeIdle(h, workerId).ifPresent(ordinal -> wakeAt(h, ordinal, null));
    }

    /**
     * While a place the assignment gave back is free, wakes the idle worker next in line after {@code after} (null:
     * the first) for it.
     */
    private void handOn(Handle h, Member after, String assignmentId) {
        if (CrowdStore.givenBackStillFree(h, assignmentId)) {
            CrowdStore.takeNextIdle(h, after)
                    .ifPresent(ordinal -> wakeAt(h, ordinal, Json.object().put(HAND_ON, assignmentId)));
        }
    }

    private void wakeIdle(Handle h) {
        for (int ordinal : CrowdStore.takeIdle(h)) {
            wakeAt(h, ordinal, null);
        }
    }

    /** Sets the worker's turn at the clock's time. */
    private void wakeAt(Handle h, int ordinal, ObjectNode payload) {
        scheduler.schedule(h, TURN, key(ordinal), null, clock.millis(), payload);
    }

    private void turn(Handle h, Timer timer) {
        int ordinal = Integer.parseInt(timer.key());
        Crowd crowd = crowd(h);
        Optional<Member> member = CrowdStore.member(h, ordinal);
        Optional<Persona> persona = member.flatMap(m -> crowd.persona(m.persona()));
        if (persona.isEmpty()) {
            // Dismissed while this turn was due: its timer went with it, unless both committed at once.
            return;
        }
        ObjectNode payload = timer.payload();
        if (payload != null && payload.has("assignment")) {
            finish(h, member.get(), payload);
        }
        lookForWork(h, crowd, persona.get(), member.get());
        if (payload != null && payload.has(HAND_ON)) {
            handOn(h, member.get(), payload.path(HAND_ON).asText());
        }
    }

    /** Takes the first assignment an open pool gives the worker, in pool id order; idle if none does. */
    private void lookForWork(Handle h, Crowd crowd, Persona persona, Member member) {
        for (long poolId : CrowdStore.openPools(h)) {
            Optional<Assignment> taken = takeNew(h, member, poolId);
            if (taken.isPresent()) {
                plan(h, crowd, persona, member, taken.get());
                return;
            }
        }
        CrowdStore.setIdle(h, member.ordinal());
    }

    /** Submits the answers the worker made when it took the assignment, or skips it. */
    private void finish(Handle h, Member member, ObjectNode payload) {
        String id = payload.path("assignment").asText();
        JsonNode solutions = payload.get("solutions");
        try {
            h.undoIfThrows(() -> solutions != null ? assignments.submit(h, member.workerId(), id, solutions)
                    : assignments.skip(h, member.workerId(), id));
        } catch (ApiException refused) {
            // INAPPROPRIATE_STATUS: it expired first, the worker being slower than assignment_max_duration_seconds.
            // Anything else is a rule a person would meet too (the answers were checked when they were made).
            if (refused.code() != ErrorCode.INAPPROPRIATE_STATUS) {
                log.warn("simulated worker {} could not finish assignment {}: {}", member.name(), id,
                        refused.getMessage());
            }
        }
    }

    /** A new assignment of the pool for the worker, or empty when the pool has none for them now. */
    private Optional<Assignment> takeNew(Handle h, Member member, long poolId) {
        try {
            AssignmentService.Taken taken = h.undoIfThrows(() -> assignments.take(h, member.workerId(), poolId));
            // Not new: the one it abandoned there, which keeps it out of the pool until that expires.
            return taken.isNew() ? Optional.of(taken.assignment()) : Optional.empty();
        } catch (ApiException nothingForThem) {
            return Optional.empty();
        }
    }

    /**
     * Decides what the worker does with the assignment it took and sets its next turn: abandon it (no turn; the
     * expiry wakes it), or answer or skip it after its time per task for each task. The answers are made now, from
     * the tasks as issued; where no valid answer can be made for a task (see FieldSpecs.anyValue), it skips.
     */
    private void plan(Handle h, Crowd crowd, Persona persona, Member member, Assignment assignment) {
        int take = CrowdStore.countTurn(h, member);
        double fate = Draws.of(crowd.seed(), "fate", member.ordinal(), take).nextDouble();
        if (fate < persona.abandonRate()) {
            CrowdStore.setIdle(h, member.ordinal());
            return;
        }
        JsonNode tasks = assignment.doc().tree().path("tasks");
        long millis = 0;
        for (int i = 0; i < tasks.size(); i++) {
            millis += Math.round(1000 * persona.secondsPerTask()
                    .draw(Draws.of(crowd.seed(), "time", member.ordinal(), take, i)));
        }
        ObjectNode payload = Json.object().put("assignment", assignment.id());
        if (fate >= persona.abandonRate() + persona.skipRate()) {
            answers(h, crowd, persona, member, assignment, tasks).ifPresent(s -> payload.set("solutions", s));
        }
        scheduler.schedule(h, TURN, key(member.ordinal()), null, clock.millis() + millis, payload);
    }

    private Optional<ArrayNode> answers(Handle h, Crowd crowd, Persona persona, Member member, Assignment assignment,
                                        JsonNode tasks) {
        FieldSpecs spec = outputs.of(h, assignment.poolId());
        ArrayNode solutions = Json.mapper().createArrayNode();
        for (JsonNode task : tasks) {
            ObjectNode answer = Answers.of(Truth.of(task, spec, crowd.seed()), spec, persona, crowd.seed(),
                    member.ordinal(), Draws.taskKey(task.path("input_values")));
            if (!spec.check(answer, "output_values").isEmpty()) {
                log.info("simulated worker {} skips assignment {}: no valid answer can be made for task {}",
                        member.name(), assignment.id(), task.path("id").asText());
                return Optional.empty();
            }
            solutions.addObject().set("output_values", answer);
        }
        return Optional.of(solutions);
    }
}

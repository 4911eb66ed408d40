package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One type of operation (POOL.OPEN, TASK.BATCH_CREATE, …), registered with {@link OperationRunner#register}.
 * <p>
 * The runner calls {@link #run} once per chunk, each call in a transaction of its own: the call's writes
 * (through {@link OperationContext#handle()}), its log items and progress commit together with the step it
 * returns. A short operation does all its work in one call and returns {@link Step#done}: claim, effects and
 * completion are then one transaction, as they always were. A long one returns {@link Step#more} with a
 * checkpoint, a cursor of its own making that says how far it got; that chunk commits, the operation shows
 * RUNNING with its progress, and the next call finds the cursor in {@link OperationContext#checkpoint()}. After
 * a crash the next attempt starts from the last committed checkpoint, so each item is done exactly once if
 * every call does the items after its checkpoint and stores how far it got in the one it returns.
 *
 * @param <P> the operation's parameters, parsed once per attempt from what was stored at submission
 */
public interface OperationType<P> {
    /** The operation's {@code type}, as clients see it. */
    String name();

    /** Parses what the submitting service stored in {@link Operation#parameters()} and {@link Operation#internal()}. */
    P parameters(Operation operation);

    /**
     * One chunk of the work. Throw {@link dev.artel.error.ApiException} to fail the operation with its code and
     * message: this chunk's writes roll back, those of chunks committed before stay. Anything else thrown is a
     * broken attempt (see {@link OperationRunner}).
     */
    Step run(OperationContext<P> context);

    /** What a chunk returns: the operation is done, or there is more and here is how far it got. */
    final class Step {
        private final ObjectNode details;
        private final ObjectNode checkpoint;
        private final boolean failed;

        private Step(ObjectNode details, ObjectNode checkpoint, boolean failed) {
            this.details = details;
            this.checkpoint = checkpoint;
            this.failed = failed;
        }

        /** The operation succeeded, with these {@code details} (null for none). */
        public static Step done(ObjectNode details) {
            return new Step(details, null, false);
        }

        /**
         * The operation failed, with these {@code details}, keeping this chunk's writes: a batch create that refuses
         * its items still logs why, which is where toloka-kit reads the validation errors. (Throwing
         * {@link dev.artel.error.ApiException} fails it without the chunk's writes.)
         */
        public static Step failed(ObjectNode details) {
            return new Step(details, null, true);
        }

        /** Commit this chunk and call again, from {@code checkpoint}. */
        public static Step more(ObjectNode checkpoint) {
            return new Step(null, Objects.requireNonNull(checkpoint, "a chunk must say how far it got"), false);
        }

        boolean failed() {
            return failed;
        }

        boolean isDone() {
            return checkpoint == null;
        }

        ObjectNode details() {
            return details;
        }

        ObjectNode checkpoint() {
            return checkpoint;
        }
    }
}

package dev.artel.pool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationType;
import dev.artel.storage.Handle;
import java.time.Clock;

/**
 * The pool and training operations, one type each, registered once per {@link PoolKind}. Each transition re-checks
 * under the pool's row lock what {@link PoolService} checked when it accepted the request, since the pool may have
 * changed in between; a transition to the state the pool is already in does nothing. All are one chunk.
 */
final class PoolOperations {
    private PoolOperations() {
    }

    /** The pool or training every pool operation names in its parameters ({@code pool_id}, {@code training_id}). */
    private static long target(PoolKind kind, Operation op) {
        return Long.parseLong(op.parameters().get(kind.idField()).asText());
    }

    private static Pool lock(PoolService pools, PoolKind kind, OperationContext<?> context, long id) {
        return pools.find(context.handle(), context.operation().accountId(), kind, id, true);
    }

    record Open(PoolKind kind, PoolService pools) implements OperationType<Long> {
        @Override
        public String name() {
            return kind.operationType("OPEN");
        }

        @Override
        public Long parameters(Operation operation) {
            return target(kind, operation);
        }

        @Override
        public Step run(OperationContext<Long> context) {
            Pool pool = lock(pools, kind, context, context.parameters());
            if (Pool.CLOSED.equals(pool.status())) {
                pools.open(context.handle(), pool);
            } else if (!Pool.OPEN.equals(pool.status())) {
                PoolService.requireStatus(pool, Pool.CLOSED);
            }
            return Step.done(null);
        }
    }

    record Close(PoolKind kind, PoolService pools)
            implements OperationType<Close.Parameters> {
        /** Why the pool is closed, which PoolService keeps in the operation's internal arguments. */
        record Parameters(long poolId, String reason) {
        }

        @Override
        public String name() {
            return kind.operationType("CLOSE");
        }

        @Override
        public Parameters parameters(Operation operation) {
            return new Parameters(target(kind, operation),
                    operation.internal().path("close_reason").asText(PoolService.CLOSE_REASON_MANUAL));
        }

        @Override
        public Step run(OperationContext<Parameters> context) {
            Pool pool = lock(pools, kind, context, context.parameters().poolId());
            if (Pool.OPEN.equals(pool.status())) {
                pools.close(context.handle(), pool, context.parameters().reason());
            }
            return Step.done(null);
        }
    }

    record Archive(PoolKind kind, PoolService pools, PoolStore store) implements OperationType<Long> {
        @Override
        public String name() {
            return kind.operationType("ARCHIVE");
        }

        @Override
        public Long parameters(Operation operation) {
            return target(kind, operation);
        }

        @Override
        public Step run(OperationContext<Long> context) {
            Pool pool = lock(pools, kind, context, context.parameters());
            if (Pool.CLOSED.equals(pool.status())) {
                // A pool may have been linked to the training since the archive was accepted.
                pools.requireNoUnarchivedLinkedPools(context.handle(), pool);
                store.update(context.handle(), pool.archived());
            } else if (!Pool.ARCHIVED.equals(pool.status())) {
                PoolService.requireStatus(pool, Pool.CLOSED);
            }
            return Step.done(null);
        }
    }

    record Clone(PoolKind kind, PoolService pools, PoolStore store, IdGenerator ids, Clock clock)
            implements OperationType<Long> {
        @Override
        public String name() {
            return kind.operationType("CLONE");
        }

        @Override
        public Long parameters(Operation operation) {
            return target(kind, operation);
        }

        /** Details: the copy's id, under the same field as the source's in the parameters. */
        @Override
        public Step run(OperationContext<Long> context) {
            Handle h = context.handle();
            // Not locked: the copy is of the pool as one read sees it, and clones of one pool must not queue.
            Pool source = pools.find(h, context.operation().accountId(), kind, context.parameters(), false);
            // The project may have been archived since the clone was accepted.
            pools.holdActiveProject(h, context.operation().accountId(), source.projectId(),
                    () -> PoolService.projectGone(source));
            Pool copy = source.cloned(ids.nextObjectId(h), clock.millis());
            store.insert(h, copy);
            ObjectNode details = Json.object();
            details.put(kind.idField(), Long.toString(copy.id()));
            return Step.done(details);
        }
    }
}

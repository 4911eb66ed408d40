package dev.artel.operation;

import dev.artel.core.Text;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.storage.ListQuery;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.storage.Database;
import java.util.List;

/** Reading operations and their logs; an operation of another account does not exist for the caller. */
public final class OperationService {
    static final List<String> TYPES = List.of("ANALYTICS", "POOL.ARCHIVE", "POOL.CLONE", "POOL.CLOSE", "POOL.OPEN",
            "PROJECT.ARCHIVE", "SOLUTION.AGGREGATE", "TASK_SUITE.BATCH_CREATE", "TASK.BATCH_CREATE",
            "TRAINING.ARCHIVE", "TRAINING.CLONE", "TRAINING.CLOSE", "TRAINING.OPEN", "USER_BONUS.BATCH_CREATE");
    static final List<String> STATUSES = List.of(Operation.PENDING, Operation.RUNNING, Operation.SUCCESS,
            Operation.FAIL);

    private final Database db;
    private final OperationStore store;

    public OperationService(Database db, OperationStore store) {
        this.db = db;
        this.store = store;
    }

    public ObjectNode get(String accountId, String id) {
        return find(accountId, id).view();
    }

    private Operation find(String accountId, String id) {
        if (id.length() > 64) {
            throw ApiException.notFound("Operation", Text.abbreviate(id, 40));
        }
        return db.oneStatement(h -> store.find(h, accountId, id))
                .orElseThrow(() -> ApiException.notFound("Operation", id));
    }

    public Page<ObjectNode> list(String accountId, ListQuery query) {
        List<Operation> rows = db.oneStatement(h -> store.list(h, accountId, query));
        return query.page(rows.stream().map(Operation::view).toList());
    }

    public ArrayNode log(String accountId, String id) {
        find(accountId, id);
        ArrayNode out = Json.mapper().createArrayNode();
        db.inTransaction(h -> store.log(h, id)).forEach(out::add);
        return out;
    }
}

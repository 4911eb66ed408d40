package dev.artel.worker;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Text;
import dev.artel.core.TokenCache;
import dev.artel.core.TokenDigest;
import dev.artel.error.ApiException;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates workers with their tokens, reads them, and resolves a worker token to its worker. */
public final class WorkerService {
    /** The shape of every worker id (a Toloka user_id); anything else names no worker and is not looked up. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final Database db;
    private final WorkerStore store;
    private final IdGenerator ids;
    private final Clock clock;
    // Only the id is kept: the profile may change, and a handler that needs it reads it.
    private final TokenCache<String> tokens = new TokenCache<>();

    public WorkerService(Database db, WorkerStore store, IdGenerator ids, Clock clock) {
        this.db = db;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    /** The worker and the one plain-text token anybody will ever see of it. */
    public record Created(Worker worker, String token) {
        /** As artel-api.yaml's CreatedWorker: the worker with its token. */
        public JsonSerializable view() {
            return worker.doc().behind(worker.serverFields().put("token", token));
        }
    }

    /** {@code form} is a WorkerForm of artel-api.yaml, already validated against it. */
    public Created create(ObjectNode form) {
        String token = ids.randomToken();
        Worker worker = db.inTransaction(h -> {
            Worker made = createWithoutToken(h, form);
            store.insertToken(h, TokenDigest.of(token), made.id(), made.created());
            return made;
        });
        return new Created(worker, token);
    }

    /**
     * A worker with no token, in the caller's transaction: only the server acts as it (the emulator's simulated
     * crowd), through the same services a worker's requests go through. {@code form} is a valid WorkerForm.
     */
    public Worker createWithoutToken(Handle h, ObjectNode form) {
        Document doc = Document.of(Documents.storedDocument(form, Worker.SERVER_FIELDS, ids::nextUuid));
        Worker worker = new Worker(ids.nextHolderId("worker", () -> store.count(h)), clock.millis(), doc);
        store.insert(h, worker);
        return worker;
    }

    public Worker get(String id) {
        Optional<Worker> found = ID.matcher(id).matches()
                ? db.oneStatement(h -> store.findById(h, id)) : Optional.empty();
        return found.orElseThrow(() -> ApiException.notFound("Worker", Text.abbreviate(id, 40)));
    }

    /** Drops what {@link #authenticate} remembers: an emulator's restore may take workers and tokens away. */
    public void forgetTokens() {
        tokens.forget();
    }

    /** The id of the worker whose token this is. */
    public Optional<String> authenticate(String token) {
        return tokens.resolve(token, digest -> db.oneStatement(h -> store.findIdByTokenHash(h, digest)));
    }
}

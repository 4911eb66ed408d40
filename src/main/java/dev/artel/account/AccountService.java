package dev.artel.account;

import dev.artel.core.IdGenerator;
import dev.artel.core.TokenCache;
import dev.artel.core.TokenDigest;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.storage.Database;
import dev.artel.storage.StorageException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;

/** Creates accounts with their tokens and resolves a token to its account. */
public final class AccountService {
    /** New accounts start with a balance, as a sandbox account does, so that money checks have something to draw on. */
    private static final BigDecimal STARTING_BALANCE = new BigDecimal("1000.0000");

    private final Database db;
    private final AccountStore store;
    private final IdGenerator ids;
    private final Clock clock;
    private final TokenCache<Account> tokens = new TokenCache<>();

    public AccountService(Database db, AccountStore store, IdGenerator ids, Clock clock) {
        this.db = db;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    /** The account and the one plain-text token the caller will ever see. */
    public record Created(Account account, String token) {
    }

    public Created create(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.invalidField("name", "STRING_LENGTH_OUT_OF_BOUNDS", "Account name must be 1-200 chars");
        }
        String token = ids.randomToken();
        Account account = db.inTransaction(h -> {
            if (store.findByName(h, name).isPresent()) {
                throw new ApiException(ErrorCode.CONFLICT_STATE, "Account '" + name + "' already exists");
            }
            Account made = new Account(ids.nextHolderId("account", () -> store.count(h)), name, clock.millis(),
                    STARTING_BALANCE);
            store.insert(h, made);
            store.insertToken(h, TokenDigest.of(token), made.id(), made.created());
            return made;
        });
        return new Created(account, token);
    }

    /** Creates the first account of an empty database, so that a fresh server can be used at once. */
    public Optional<Created> createFirstAccountIfNone(String name) {
        if (db.inTransaction(store::count) > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(create(name));
        } catch (ApiException | StorageException lostRace) {
            // Nodes started together on an empty shared database all get here; the unique name lets exactly one
            // win, and the others find an account exists, which is all they wanted.
            if (db.inTransaction(store::count) > 0) {
                return Optional.empty();
            }
            throw lostRace;
        }
    }

    public Optional<Account> authenticate(String token) {
        return tokens.resolve(token, digest -> db.oneStatement(h -> store.findByTokenHash(h, digest)));
    }

    /** Drops what {@link #authenticate} remembers: an emulator's restore may take accounts and tokens away. */
    public void forgetTokens() {
        tokens.forget();
    }

    public Account get(String accountId) {
        return db.inTransaction(h -> store.findById(h, accountId)).orElseThrow(ApiException::notFound);
    }
}

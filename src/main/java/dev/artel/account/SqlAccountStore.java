package dev.artel.account;

import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

public final class SqlAccountStore implements AccountStore {
    private static final String COLUMNS = "a.id, a.name, a.created, a.balance";

    @Override
    public void insert(Handle h, Account account) {
        h.update("INSERT INTO accounts (id, name, created, balance) VALUES (?, ?, ?, ?)",
                account.id(), account.name(), account.created(), account.balance());
    }

    @Override
    public void insertToken(Handle h, String tokenHash, String accountId, long created) {
        h.update("INSERT INTO tokens (token_hash, account_id, created) VALUES (?, ?, ?)", tokenHash, accountId, created);
    }

    @Override
    public Optional<Account> findByTokenHash(Handle h, String tokenHash) {
        return h.queryOne("SELECT " + COLUMNS + " FROM tokens t JOIN accounts a ON a.id = t.account_id"
                + " WHERE t.token_hash = ?", SqlAccountStore::map, tokenHash);
    }

    @Override
    public Optional<Account> findById(Handle h, String id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM accounts a WHERE a.id = ?", SqlAccountStore::map, id);
    }

    @Override
    public Optional<Account> findByName(Handle h, String name) {
        return h.queryOne("SELECT " + COLUMNS + " FROM accounts a WHERE a.name = ?", SqlAccountStore::map, name);
    }

    @Override
    public long count(Handle h) {
        return h.queryLong("SELECT COUNT(*) FROM accounts");
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4));
    }
}

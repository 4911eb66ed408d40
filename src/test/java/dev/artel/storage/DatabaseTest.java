package dev.artel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.artel.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    private static Database db;

    @BeforeAll
    static void open() {
        db = new Database(TestDatabase.newUrl(), null, null, 2, 5_000).open();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void oneStatementRunsItsStatement() {
        long answer = db.oneStatement(h -> h.queryLong("SELECT 42"));
        assertEquals(42L, answer);
    }

    @Test
    void oneStatementRefusesASecondStatement() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> db.oneStatement(h -> {
            h.queryLong("SELECT 1");
            return h.queryLong("SELECT 2");
        }));
        assertEquals("a second statement outside a transaction: SELECT 2", refused.getMessage());
    }

    @Test
    void aTransactionRunsAnyNumberOfStatements() {
        long sum = db.inTransaction(h -> h.queryLong("SELECT 1") + h.queryLong("SELECT 2"));
        assertEquals(3L, sum);
    }
}

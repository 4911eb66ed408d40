package dev.artel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.artel.support.TestDatabase;
import java.util.List;
import java.util.stream.IntStream;
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

    @Test
    void anInListOfAnyLengthFindsEachRowItNamesOnce() {
        db.inTransaction(h -> {
            h.update("CREATE TABLE in_list_rows (n INTEGER PRIMARY KEY)");
            h.batch("INSERT INTO in_list_rows (n) VALUES (?)", IntStream.range(0, 3000)
                    .mapToObj(n -> new Object[] {n}).toList());
            return null;
        });
        // Padded to 1, 4, 512 and 512 + 512 + 512 values; chunks are read in order, each sorted.
        for (int count : List.of(1, 3, 512, 513, 1300)) {
            List<Integer> named = IntStream.range(0, count).map(i -> i * 2).boxed().toList();
            assertEquals(named, db.inTransaction(h -> h.queryIn("SELECT n FROM in_list_rows WHERE n IN ", named,
                    " ORDER BY n", rs -> rs.getInt(1))), count + " values");
        }
        assertEquals(List.of(5, 7), db.inTransaction(h -> h.queryIn("SELECT n FROM in_list_rows WHERE n IN ",
                List.of(7, 5, 7), " ORDER BY n", rs -> rs.getInt(1))));
    }
}

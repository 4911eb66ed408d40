package dev.artel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FirstAccountTest {
    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseCreateExactlyOneFirstAccount() throws Exception {
        // The PostgreSQL suite shares one schema that already has accounts; an empty one is only had on H2.
        assumeFalse(TestDatabase.isPostgres());
        try (TestServer server = TestServer.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Optional<AccountService.Created>>> starts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    starts.add(() -> server.artel().accounts().createFirstAccountIfNone("default"));
                }
                long created = 0;
                for (Future<Optional<AccountService.Created>> start : pool.invokeAll(starts)) {
                    created += start.get().isPresent() ? 1 : 0;
                }
                assertEquals(1, created);
                assertEquals(Optional.empty(), server.artel().accounts().createFirstAccountIfNone("default"),
                        "a later start creates nothing");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package dev.artel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.cli.ArtelCli.Run;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run as its own JVM, as an operator (or {@code ./artel}) runs it. {@code artel account create}
 * against the embedded database of a data directory while a server has it open (the CLI reaches it through H2's
 * AUTO_SERVER) and while none does, and against the suite's database by {@code --db-url} (PostgreSQL when the
 * suite runs on it): the token it prints last must then let a client in. {@code artel warm-up}, which the
 * launcher runs to record the class-data archive: it must serve its requests and exit by itself.
 */
class CliTest {
    @TempDir
    Path data;
    @TempDir
    Path output;

    private Run artel(String... args) throws IOException, InterruptedException {
        return ArtelCli.run(output, args);
    }

    @Test
    void warmUpServesEveryRequestAsExpectedAndExits() throws Exception {
        // Recording the archive itself needs the jar (the JVM archives no classes from directories), so CI's
        // launcher stage covers that; here the command must do its requests and exit on its own.
        Run run = artel("warm-up");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("artel: warm-up done, 10 requests answered as expected"), run.toString());
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** Checks a successful run and returns the token it printed last. */
    private static String tokenOf(Run run, String name) {
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().get(0).startsWith("Created account '" + name + "' ("), run.toString());
        String token = run.lastLine();
        assertTrue(token.matches("[A-Za-z0-9_-]{40}"), "the last line is the token: " + run);
        return token;
    }

    private static void assertSignsIn(TestServer server, String token, String name) {
        ApiClient.Response requester = server.client(token).get("/requester");
        assertEquals(200, requester.status(), requester.toString());
        assertEquals(name, requester.json().path("public_name").path("EN").asText(), requester.toString());
    }

    @Test
    void createsAnAccountInTheDataDirectoryOfARunningServer() throws Exception {
        try (TestServer server = TestServer.start(b -> b.dbUrl(null).dataDir(data))) {
            String name = uniqueName("while-serving");
            String token = tokenOf(artel("account", "create", "--name", name, "--data", data.toString()), name);
            assertSignsIn(server, token, name);
        }
    }

    @Test
    void createsAnAccountThatAServerStartedLaterKnows() throws Exception {
        String name = uniqueName("before-serving");
        String token = tokenOf(artel("account", "create", "--name", name, "--data", data.toString()), name);
        try (TestServer server = TestServer.start(b -> b.dbUrl(null).dataDir(data))) {
            assertSignsIn(server, token, name);
        }
    }

    @Test
    void createsAnAccountInTheDatabaseGivenByUrl() throws Exception {
        try (TestServer server = TestServer.start()) {
            String name = uniqueName("by-url");
            String token = tokenOf(artel("account", "create", "--name", name, "--db-url", server.dbUrl()), name);
            assertSignsIn(server, token, name);
        }
    }

    @Test
    void refusesANameThatIsTaken() throws Exception {
        try (TestServer server = TestServer.start(b -> b.dbUrl(null).dataDir(data))) {
            String name = uniqueName("taken");
            server.artel().accounts().create(name);
            Run duplicate = artel("account", "create", "--name", name, "--data", data.toString());
            assertEquals(1, duplicate.exitCode(), duplicate.toString());
            assertEquals(List.of(), duplicate.stdout(), "no token for a refused name: " + duplicate);
            assertEquals("artel: Account '" + name + "' already exists",
                    duplicate.stderr().get(duplicate.stderr().size() - 1), duplicate.toString());
        }
    }

    @Test
    void createsAWorkerWhoseTokenOpensTheWorkerApi() throws Exception {
        try (TestServer server = TestServer.start(b -> b.dbUrl(null).dataDir(data))) {
            Run run = artel("worker", "create", "--name", "Ann", "--languages", "EN,RU", "--verified-languages", "EN",
                    "--country", "US", "--data", data.toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.stdout().get(0).matches("Created worker 'Ann' \\([0-9a-f]{32}\\)\\. Its token:"),
                    run.toString());
            ApiClient.Response me = server.client(run.lastLine()).artelApi().get("/worker/me");
            assertEquals(200, me.status(), me.toString());
            assertEquals("Ann", me.field("name"));
            assertEquals("[\"EN\",\"RU\"]", me.json().path("profile").path("languages").toString());
            assertEquals("US", me.json().path("profile").path("country").asText());
            assertEquals("[\"EN\"]", me.json().path("profile").path("verified_languages").toString());
        }
    }

    @Test
    void serveTakesTheOperatorTokenFromTheFileGiven() throws Exception {
        Path tokenFile = data.resolve("operator-token");
        java.nio.file.Files.writeString(tokenFile, "operator-secret-1\n");
        try (ArtelProcess artel = ArtelProcess.start("cli-operator-token", TestDatabase.newUrl(),
                "--operator-token-file", tokenFile.toString())) {
            ApiClient.Response created = artel.client("operator-secret-1").artelApi()
                    .post("/operator/workers", Json.object().put("name", "by-operator"));
            assertEquals(201, created.status(), created.toString());
            ApiClient.Response wrong = artel.client("operator-secret-2").artelApi()
                    .post("/operator/workers", Json.object().put("name", "by-someone"));
            assertEquals(401, wrong.status(), wrong.toString());
        }
    }

    @Test
    void refusesAWorkerProfileTheSpecRefuses() throws Exception {
        Run run = artel("worker", "create", "--name", "Bob", "--languages", "en", "--data", data.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of(), run.stdout(), run.toString());
        assertEquals("artel: --languages: String must match ^[A-Z]{2}$", run.stderr().get(0), run.toString());
        Run verified = artel("worker", "create", "--name", "Bob", "--verified-languages", "EN,x", "--data",
                data.toString());
        assertEquals(2, verified.exitCode(), verified.toString());
        assertEquals("artel: --verified-languages: Unknown value 'x'; expected one of [\"AR\",\"DE\",\"EN\",\"ES\","
                + "\"FR\",\"HE\",\"ID\",\"JA\",\"PT\",\"RU\",\"SV\",\"ZH-HANS\"]", verified.stderr().get(0),
                verified.toString());
    }

    @Test
    void refusesToRunWithoutAName() throws Exception {
        Run run = artel("account", "create", "--data", data.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("artel: account create needs --name NAME", run.stderr().get(0), run.toString());
    }
}

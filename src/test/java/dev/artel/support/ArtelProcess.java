package dev.artel.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Artel as its own JVM, started the way an operator starts it ({@code dev.artel.Artel serve ...}), so that a
 * test can kill it with SIGKILL: no shutdown hook, no finally block, no flush runs, exactly as when the
 * machine loses the process. Everything the child prints goes to a log file under {@code target/} that the
 * failure messages name. A test must {@link #close()} every process it starts, also when it fails.
 */
public final class ArtelProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving the Toloka API on http://localhost:(\\d+)/api/v1");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * Every child still running. If the test JVM itself is stopped (a surefire timeout, Ctrl-C) no close()
     * runs, so one shutdown hook kills whatever is left rather than leave servers behind.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "artel-process-reaper"));
    }

    private final Process process;
    private final Path logFile;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ArtelProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        Thread pump = new Thread(this::pumpOutput, "artel-process-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code serve --host 127.0.0.1 --port 0} with the storage arguments for {@code dbUrl} and the
     * extra arguments, and returns once the server answers its health check.
     */
    public static ArtelProcess start(String name, String dbUrl, String... args) {
        List<String> command = javaCommand("dev.artel.Artel");
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", "0"));
        command.addAll(storageArgs(dbUrl));
        command.addAll(List.of(args));
        try {
            Path logFile = logFile(name);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            ArtelProcess started = new ArtelProcess(process, logFile);
            try {
                started.awaitHealthy();
            } catch (RuntimeException | Error e) {
                started.kill();
                throw e;
            }
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Runs {@code mainClass} of the test class path, in a JVM set up like the server's, to its end and returns
     * its exit code: for a test main that starts Artel its own way and is meant to end, or die, by itself.
     * Killed, and the test failed, if it outlives {@code limit}.
     */
    public static int runToExit(String name, Duration limit, String mainClass, String... args) {
        List<String> command = javaCommand(mainClass);
        command.addAll(List.of(args));
        Path logFile;
        Process process;
        try {
            logFile = logFile(name);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        RUNNING.add(process);
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(mainClass + " still runs after " + limit + "; killed; see " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
            RUNNING.remove(process);
        }
    }

    private static List<String> javaCommand(String mainClass) {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small heap and C1 only: the child starts in about a second on two shared cores.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // H2's AUTO_SERVER listens for other processes; keep that on the loopback interface.
                "-Dh2.bindAddress=127.0.0.1",
                // Timestamps in the log file, to line a failure up with the moment of a kill.
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
    }

    private static Path logFile(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "artel-processes"));
        return logs.resolve(name + "-" + System.nanoTime() + ".log");
    }

    /**
     * The embedded database is given as the operator gives it, {@code --data DIR}, whenever the URL is the
     * one Artel itself derives from a data directory (which is what {@link TestDatabase} hands out), so that
     * the product's own durability settings are the ones under test.
     */
    private static List<String> storageArgs(String dbUrl) {
        Matcher embedded = Pattern.compile("jdbc:h2:file:(.+)/artel;AUTO_SERVER=TRUE;WRITE_DELAY=0").matcher(dbUrl);
        if (embedded.matches()) {
            return List.of("--data", embedded.group(1));
        }
        return List.of("--db-url", dbUrl);
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.println(line);
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        } finally {
            port.completeExceptionally(new IllegalStateException("Artel exited before serving; see " + logFile));
        }
    }

    /** Waits for the port line and then for the health endpoint: an event with a deadline, not a sleep. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int p;
        try {
            p = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Artel did not start within " + START_TIMEOUT + "; see " + logFile, e);
        }
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/_artel/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The port is printed after Javalin has bound it, so this only covers a slow first request.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                break;
            }
        }
        throw new IllegalStateException("Artel never became healthy; see " + logFile);
    }

    public int port() {
        return port.join();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** A client of this process for an account whose token the test already holds. */
    public ApiClient client(String token) {
        return client(baseUrl(), token);
    }

    /**
     * A client of any server for a token the test already holds: the account outlives the server that
     * created it, and a restarted server listens on a new port.
     */
    public static ApiClient client(String baseUrl, String token) {
        return new ApiClient(baseUrl, token);
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone, so that its database locks and sockets are released. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: Artel's shutdown hook closes the server and the database cleanly. */
    public void stop() {
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            kill();
            throw new IllegalStateException("Artel did not stop on SIGTERM within 30 s; killed; see " + logFile);
        }
    }

    private void awaitExit() {
        if (!waitFor(Duration.ofSeconds(30))) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the process if it still runs; safe to call after {@link #kill()} or {@link #stop()}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "Artel pid " + process.pid() + " (log " + logFile + ")";
    }
}

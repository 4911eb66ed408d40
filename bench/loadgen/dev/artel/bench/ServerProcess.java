package dev.artel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Artel server started the way a user starts it, through the repository's {@code ./artel} launcher (so
 * with its default JVM flags unless JAVA_OPTS says otherwise), bound to 127.0.0.1 on a free port with rate
 * limits off. Start-up is timed from just before the process is spawned to the first 200 from the health
 * endpoint. Closing stops this one process (see {@link Children#stop}).
 */
final class ServerProcess implements AutoCloseable {
    private static final String TOKEN_INTRO = "Created the first account";
    private static final String SERVING = "Artel is serving";

    private final Process process;
    private final int port;
    private final double startupMillis;
    private final String token;
    private final Path log;

    private ServerProcess(Process process, int port, double startupMillis, String token, Path log) {
        this.process = process;
        this.port = port;
        this.startupMillis = startupMillis;
        this.token = token;
        this.log = log;
    }

    /**
     * Starts a server with {@code dbArgs} ({@code --data DIR} or {@code --db-url URL}) and waits until it is
     * serving. Its stderr (the request log) goes to {@code log}; stdout is read for the first account's token.
     */
    static ServerProcess start(Children children, Path repo, List<String> dbArgs, Path log) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(repo.resolve("artel").toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--rate-limits", "off"));
        command.addAll(dbArgs);
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile())
                .redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long t0 = System.nanoTime();
        Process process = children.spawn(pb);
        CompletableFuture<String> token = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, token), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            waitForHealth(process, port, log);
            double startupMillis = (System.nanoTime() - t0) / 1e6;
            // The health endpoint answers before the first account is created; the "serving" line follows it.
            String firstToken = token.get(60, TimeUnit.SECONDS);
            return new ServerProcess(process, port, startupMillis, firstToken.isEmpty() ? null : firstToken, log);
        } catch (Exception e) {
            Children.stop(process);
            throw e;
        }
    }

    /** Completes {@code token} with the first account's token, or "" once the server says it serves without one. */
    private static void readStdout(Process process, CompletableFuture<String> token) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            boolean nextIsToken = false;
            while ((line = r.readLine()) != null) {
                if (nextIsToken) {
                    token.complete(line.trim());
                    nextIsToken = false;
                } else if (line.startsWith(TOKEN_INTRO)) {
                    nextIsToken = true;
                } else if (line.startsWith(SERVING)) {
                    token.complete("");
                }
            }
        } catch (IOException e) {
            token.completeExceptionally(e);
        }
        token.completeExceptionally(new IOException("server stdout ended before it said it was serving"));
    }

    static void waitForHealth(Process process, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            }
            try (Http http = new Http(port, null)) {
                if (http.get("/_artel/health").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // connection refused until Jetty listens; polling every few ms keeps the timing fine-grained
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("server not healthy within 60 s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    double startupMillis() {
        return startupMillis;
    }

    /** The first account's token when this start created it (an empty database), else null. */
    String token() {
        return token;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU seconds (user + system) process {@code pid} has used so far, from /proc/PID/stat in clock ticks of
     * 1/100 s (Linux's USER_HZ).
     */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of " + pid, e);
        }
    }

    /** Resident memory of the server JVM in MB, from VmRSS in /proc (the launcher execs java in place). */
    double rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RSS of server " + process.pid(), e);
        }
        throw new IllegalStateException("no VmRSS for server " + process.pid());
    }

    @Override
    public void close() {
        Children.stop(process);
    }
}

package dev.artel.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line run as its own JVM on the test classpath, as an operator (or {@code ./artel}) runs it, with
 * its two streams kept in files under {@code output}.
 */
final class ArtelCli {
    private static final long TIMEOUT_SECONDS = 60;

    private ArtelCli() {
    }

    /** What one run of the CLI left: its exit code and its two streams, split into lines. */
    record Run(int exitCode, List<String> stdout, List<String> stderr) {
        String lastLine() {
            return stdout.isEmpty() ? "" : stdout.get(stdout.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
                    + String.join("\n", stderr);
        }
    }

    static Run run(Path output, String... args) throws IOException, InterruptedException {
        return run(output, Map.of(), args);
    }

    /** Runs {@code artel args} with {@code environment} added to this JVM's. */
    static Run run(Path output, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived process: start fast rather than run fast.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.artel.Artel"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(output, "stdout", ".txt");
        Path stderr = Files.createTempFile(output, "stderr", ".txt");
        // Streams go to files, so a chatty child can never block on a full pipe; no stdin, as in CI.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("artel " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s; stderr:\n"
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
    }
}

package dev.artel.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the figures as Markdown: one table of medians per database, then every individual run. */
final class Report {
    private static final double GET_RATIO_TARGET = 0.6;
    private static final double LIST_FLAT_TARGET = 0.8;
    private static final double CLONE_P50_TARGET_MS_H2 = 10;
    private static final double STARTUP_TARGET_MS_H2 = 2_000;
    private static final double IDLE_RSS_TARGET_MB = 200;
    private static final double LOAD_RSS_TARGET_MB = 600;

    private final Bench.Settings settings;
    private final ZonedDateTime when;
    private final String machine;
    private final String jvmOpts;
    private final List<Figures> databases;
    private final double totalSeconds;
    private final StringBuilder out = new StringBuilder();

    Report(Bench.Settings settings, ZonedDateTime when, String machine, String jvmOpts, List<Figures> databases,
           double totalSeconds) {
        this.settings = settings;
        this.when = when;
        this.machine = machine;
        this.jvmOpts = jvmOpts;
        this.databases = databases;
        this.totalSeconds = totalSeconds;
    }

    String render() {
        out.append("# Artel benchmark, ").append(when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        out.append(settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement\n\n" : "\n\n");
        out.append("- Machine: ").append(machine).append('\n');
        out.append("- Server: `./artel serve --rate-limits off`, JVM flags `").append(jvmOpts).append("`; the load ")
                .append("generator is a separate JVM on the same machine and shares its cores with the server.\n");
        out.append(String.format(Locale.ROOT, "- Method: %s s warm-up per server; every load figure is the median of "
                + "%d closed-loop runs of %s s, start-up and idle memory the median of %d start%s; the whole run took "
                + "%.0f s.%n", trim(settings.warmupSeconds()), settings.reps(), trim(settings.runSeconds()),
                settings.starts(), settings.starts() == 1 ? "" : "s", totalSeconds));
        for (Figures f : databases) {
            database(f);
        }
        out.append("\n## Individual runs\n\n| Database | Figure | Clients | /s | p50 ms | p99 ms | Errors |\n")
                .append("|---|---|--:|--:|--:|--:|--:|\n");
        for (Figures f : databases) {
            for (Map.Entry<String, List<Load.Result>> e : f.runs.entrySet()) {
                for (Load.Result r : e.getValue()) {
                    out.append("| ").append(f.kind.tag).append(" | ").append(e.getKey().split("/")[0]).append(" | ")
                            .append(r.clients()).append(" | ").append(rate(r.perSecond())).append(" | ")
                            .append(ms(r.p50Millis())).append(" | ").append(ms(r.p99Millis())).append(" | ")
                            .append(r.errors()).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    private void database(Figures f) {
        boolean h2 = f.kind == Store.Kind.H2;
        out.append("\n## ").append(f.kind.title).append("\n\n")
                .append("| Figure | Clients | Median /s | p50 ms | p99 ms | Ratio | Target | Met |\n")
                .append("|---|--:|--:|--:|--:|---|---|---|\n");
        for (int c : Bench.GET_CLIENTS) {
            row("Framework ceiling: `GET /_artel/health`", f.median("health", c), "", "", "");
        }
        for (int c : Bench.GET_CLIENTS) {
            Load.Result get = f.median("get", c);
            double ratio = get.perSecond() / f.median("health", c).perSecond();
            row("`GET /api/v1/pools/{id}`", get, fixed(ratio) + " × ceiling", "≥ " + fixed(GET_RATIO_TARGET),
                    met(get, ratio >= GET_RATIO_TARGET));
        }
        for (int c : Bench.CLONE_CLIENTS) {
            row("Storage floor: PK read + 1.5 KB insert, one transaction, no HTTP", f.median("floor", c), "", "", "");
        }
        for (int c : Bench.CLONE_CLIENTS) {
            Load.Result health = f.median("health", c);
            Load.Result floor = f.median("floor", c);
            out.append("| Ceiling ⊕ floor (computed) | ").append(c).append(" | ")
                    .append(rate(combined(f, c))).append(" | ").append(ms(health.p50Millis() + floor.p50Millis()))
                    .append(" |  |  |  |  |\n");
        }
        for (int c : Bench.CLONE_CLIENTS) {
            Load.Result clone = f.median("clone", c);
            double ratio = clone.perSecond() / combined(f, c);
            boolean targeted = h2 && c == 1;
            row("`POST /api/v1/pools/{id}/clone` → SUCCESS visible", clone, fixed(ratio) + " × ceiling ⊕ floor",
                    targeted ? "p50 ≤ " + trim(CLONE_P50_TARGET_MS_H2) + " ms" : "",
                    targeted ? met(clone, clone.p50Millis() <= CLONE_P50_TARGET_MS_H2) : met(clone, null));
        }
        row("`POST /api/v1/pools`", f.median("post", Bench.WRITE_CLIENTS), "", "", "");
        Load.Result small = f.median("list-small", Bench.LIST_CLIENTS);
        Load.Result large = f.median("list-large", Bench.LIST_CLIENTS);
        row(String.format(Locale.ROOT, "`GET /api/v1/pools?project_id=…&limit=300`, account of %,d pools "
                + "(project %,d)", f.listSmallAccount, f.listSmallAccount), small, "", "", "");
        double flat = large.perSecond() / small.perSecond();
        row(String.format(Locale.ROOT, "`GET /api/v1/pools?project_id=…&limit=300`, account of %,d pools "
                        + "(project %,d)", f.listLargeAccount, f.listProjectPools), large,
                fixed(flat) + String.format(Locale.ROOT, " × at %,d", f.listSmallAccount),
                "≥ " + fixed(LIST_FLAT_TARGET), met(large, flat >= LIST_FLAT_TARGET));

        out.append("\n| Figure | Median | Runs | Target | Met |\n|---|--:|---|---|---|\n");
        single("Start-up on an empty database: process start → first 200 from `/_artel/health`", f.startEmptyMs,
                " ms", h2 ? STARTUP_TARGET_MS_H2 : null);
        single(String.format(Locale.ROOT, "Start-up, restart on the run's database (%,d+ pools)", f.listLargeAccount),
                f.restartMs, " ms", h2 ? STARTUP_TARGET_MS_H2 : null);
        single("RSS idle, after start-up on an empty database", f.idleRssMb, " MB", IDLE_RSS_TARGET_MB);
        single("RSS idle, after a restart on the run's database", f.restartIdleRssMb, " MB", IDLE_RSS_TARGET_MB);
        single("RSS peak under GET load (" + Bench.GET_CLIENTS[Bench.GET_CLIENTS.length - 1] + " clients)",
                f.loadRssMb, " MB", LOAD_RSS_TARGET_MB);
        out.append(String.format(Locale.ROOT, "%nList account: a second account; one pool created through the API, "
                + "the other %,d inserted over JDBC as copies of its row (same document), the project's pools spread "
                + "evenly through the id range among %d other projects' pools.%n", f.listLargeAccount - 1,
                Bench.OTHER_PROJECTS));
        out.append(String.format(Locale.ROOT, "%nClones: %,d of %,d operations were already SUCCESS in the 202 "
                + "body; the rest were polled via `GET /operations/{id}`.%n", f.clonesAlreadyDone,
                f.clonesAlreadyDone + f.clonesPolled));
        String errors = f.runs.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(r -> r.errors() > 0))
                .map(e -> e.getKey() + ": " + Load.median(e.getValue()).firstError()).collect(Collectors.joining("; "));
        if (!errors.isEmpty()) {
            out.append("\n**Errors** (first of each figure): ").append(errors).append('\n');
        }
    }

    /**
     * Ceiling ⊕ floor at {@code c} clients: a request that must pass both the HTTP stack and the storage
     * operation costs the sum of their per-request times, so the rate is 1 / (1/ceiling + 1/floor).
     */
    private static double combined(Figures f, int c) {
        return 1 / (1 / f.median("health", c).perSecond() + 1 / f.median("floor", c).perSecond());
    }

    private void row(String figure, Load.Result r, String ratio, String target, String met) {
        out.append("| ").append(figure).append(" | ").append(r.clients()).append(" | ").append(rate(r.perSecond()))
                .append(" | ").append(ms(r.p50Millis())).append(" | ").append(ms(r.p99Millis())).append(" | ")
                .append(ratio).append(" | ").append(target).append(" | ")
                .append(met.isEmpty() ? met(r, null) : met).append(" |\n");
    }

    private void single(String figure, List<Double> runs, String unit, Double max) {
        double median = Load.medianOf(runs.stream().mapToDouble(Double::doubleValue).toArray());
        out.append("| ").append(figure).append(" | ").append(String.format(Locale.ROOT, "%,.0f", median)).append(unit)
                .append(" | ").append(runs.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v))
                        .collect(Collectors.joining(" / "))).append(" | ")
                .append(max == null ? "" : String.format(Locale.ROOT, "≤ %,.0f%s", max, unit)).append(" | ")
                .append(max == null ? "" : median <= max ? "met" : "**missed**").append(" |\n");
    }

    /** "met"/"missed" for a target (null: none), overridden by failed calls, which void a figure. */
    private static String met(Load.Result r, Boolean ok) {
        if (r.errors() > 0) {
            return "**" + r.errors() + " errors**";
        }
        return ok == null ? "" : ok ? "met" : "**missed**";
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String ms(double millis) {
        return millis >= 10 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

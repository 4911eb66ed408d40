package dev.artel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything measured on one database: each figure's runs, kept whole so the report can show them. */
final class Figures {
    final Store.Kind kind;
    /** The first account's token, from the measured server's first start. */
    String token;
    final List<Double> startEmptyMs = new ArrayList<>();
    final List<Double> idleRssMb = new ArrayList<>();
    final List<Double> restartMs = new ArrayList<>();
    final List<Double> restartIdleRssMb = new ArrayList<>();
    /** Highest RSS seen during each GET run at the highest client count. */
    final List<Double> loadRssMb = new ArrayList<>();
    /** Runs by "figure/clients", e.g. "get/64". */
    final Map<String, List<Load.Result>> runs = new LinkedHashMap<>();
    long clonesAlreadyDone;
    long clonesPolled;
    int listSmallAccount;
    int listLargeAccount;
    int listProjectPools;

    Figures(Store.Kind kind) {
        this.kind = kind;
    }

    Load.Result median(String figure, int clients) {
        List<Load.Result> r = runs.get(figure + "/" + clients);
        if (r == null) {
            throw new IllegalStateException("no runs of " + figure + " at " + clients + " clients");
        }
        return Load.median(r);
    }
}

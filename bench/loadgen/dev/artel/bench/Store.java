package dev.artel.bench;

import java.nio.file.Path;
import java.util.List;

/** Where one server keeps its data: a fresh H2 directory or a fresh PostgreSQL schema. */
record Store(Kind kind, Path dir, String baseUrl, String schema) {
    enum Kind {
        H2("h2", "H2 (embedded, file in a temp dir)"),
        POSTGRESQL("pg", "PostgreSQL (local, fresh schema)");

        final String tag;
        final String title;

        Kind(String tag, String title) {
            this.tag = tag;
            this.title = title;
        }
    }

    static Store h2(Path dir) {
        return new Store(Kind.H2, dir, null, null);
    }

    static Store postgres(String baseUrl, String schema) {
        return new Store(Kind.POSTGRESQL, null, baseUrl, schema);
    }

    /** The {@code ./artel serve} options for this store; the storage tool takes the same ones. */
    List<String> serverArgs() {
        return switch (kind) {
            case H2 -> List.of("--data", dir.toString());
            case POSTGRESQL -> List.of("--db-url", baseUrl + (baseUrl.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema);
        };
    }
}

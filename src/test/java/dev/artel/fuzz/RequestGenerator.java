package dev.artel.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.RawHttp;
import dev.artel.json.Json;
import dev.artel.spec.ApiSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hostile requests, one at a time, from a seed: the same seed gives the same sequence. Each request starts
 * from a valid one and breaks exactly one thing, so the status it must get is known. Requests that must be
 * refused go to the victim's objects (with the victim's token, or the intruder's, or none); requests that may
 * legitimately succeed (huge but valid values, unknown fields, transitions) go to the intruder's own objects
 * and are judged only on form. The victim's stored state must never change.
 */
final class RequestGenerator {
    /** One generated request: "kind: detail" of what is broken, the statuses it may get, and whose it is. */
    record Case(String category, Set<Integer> allowed, boolean mustRefuse, boolean asVictim, RawHttp.Request request) {
        String kind() {
            return category.substring(0, category.indexOf(':'));
        }
    }

    /**
     * An account and the object of each resource it owns, keyed by the first segment of the resource's path
     * (projects, pools, tasks, task-suites, assignments, ...), as {@code security.OwnedObjects} makes them.
     */
    record Principal(String token, Map<String, String> ids) {
        /** The owned object an operation on {@code {id}} names; every such operation must have one. */
        String id(ApiSpec.Operation op) {
            String id = ids.get(resource(op));
            if (id == null) {
                throw new IllegalStateException("no owned object for " + op.id() + ": add one to OwnedObjects");
            }
            return id;
        }
    }

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "FROB");
    private static final String DEEP_MARKER = "__artel_fuzz_deep__";
    private static final String TEXT_MARKER = "__artel_fuzz_text__";
    /**
     * JSON escapes that decode to a lone UTF-16 surrogate (high, low, reversed, doubled, at either end): valid
     * JSON, but no valid Unicode. Written into the body's text, since no Java string holding one survives being
     * encoded as UTF-8.
     */
    private static final List<String> LONE_SURROGATES = List.of("\\ud800", "\\udbff", "\\udc00", "\\udfff",
            "\\udc00\\ud800", "\\ude00\\ud83d", "\\ud800\\ud800", "x\\ud83d", "\\ude00x", "a\\ud800b");

    private final List<ApiSpec.Operation> endpoints;
    private final List<ApiSpec.Operation> allOperations;
    private final Map<String, Function<Map<String, String>, ObjectNode>> validBodies;
    private final Map<String, List<SchemaFields.Field>> fields = new HashMap<>();
    private final Map<String, List<List<Object>>> requiredPaths = new HashMap<>();
    /** Operations that take an array of their objects too (POST /tasks, /task-suites). */
    private final Set<String> takeArrays = new java.util.HashSet<>();
    private final Principal victim;
    private final Principal intruder;
    private final SplittableRandom random;
    private final List<Weighted> categories = List.of(
            new Weighted(16, this::wrongType), new Weighted(8, this::badValue),
            new Weighted(4, this::missingRequired), new Weighted(8, this::brokenJson),
            new Weighted(3, this::deepNesting), new Weighted(5, this::hugeValue),
            new Weighted(5, this::wrongContentType), new Weighted(6, this::badCredentials),
            new Weighted(8, this::foreignObject), new Weighted(7, this::badId),
            new Weighted(12, this::listParameters), new Weighted(5, this::wrongMethod),
            new Weighted(4, this::unknownPath), new Weighted(5, this::badEncoding),
            new Weighted(3, this::badHeaders), new Weighted(1, this::oversized),
            new Weighted(5, this::sandbox), new Weighted(8, this::hostileText),
            new Weighted(3, this::duplicateKeys));
    private final int totalWeight = categories.stream().mapToInt(Weighted::weight).sum();

    private record Weighted(int weight, Supplier<Case> generate) {
    }

    /**
     * @param endpoints   the implemented operations
     * @param validBodies for each operation with a request schema, a valid body given the owner's objects
     */
    RequestGenerator(ApiSpec spec, List<ApiSpec.Operation> endpoints,
                     Map<String, Function<Map<String, String>, ObjectNode>> validBodies, Principal victim,
                     Principal intruder, long seed) {
        this.endpoints = endpoints;
        this.allOperations = spec.operations();
        this.validBodies = validBodies;
        this.victim = victim;
        this.intruder = intruder;
        this.random = new SplittableRandom(seed);
        SchemaFields walker = new SchemaFields(spec);
        for (ApiSpec.Operation op : endpoints) {
            op.requestSchema().ifPresent(schema -> {
                List<SchemaFields.Field> all = walker.of(schema);
                fields.put(op.id(), all);
                requiredPaths.put(op.id(), required(walker.objectSchema(schema), all));
                if (walker.acceptsArray(schema)) {
                    takeArrays.add(op.id());
                }
            });
        }
    }

    Case next() {
        int pick = random.nextInt(totalWeight);
        for (Weighted category : categories) {
            pick -= category.weight();
            if (pick < 0) {
                return category.generate().get();
            }
        }
        throw new IllegalStateException();
    }

    // ---- bodies that break the schema: always refused with 400, and the victim's objects stay as they were

    private Case wrongType() {
        ApiSpec.Operation op = pick(withBody());
        SchemaFields.Field field = pick(fields.get(op.id()));
        ObjectNode body = JsonMutations.with(valid(op, victim), field.path(), JsonMutations.wrongType(field.type(),
                random));
        return refusal("wrong type: " + field.dotted(), Set.of(400), op, victim, Json.write(body));
    }

    private Case badValue() {
        ApiSpec.Operation op = pick(withBody());
        for (int attempt = 0; attempt < 20; attempt++) {
            SchemaFields.Field field = pick(fields.get(op.id()));
            JsonNode value = JsonMutations.badValue(field.schema(), field.type(), random);
            if (value != null) {
                ObjectNode body = JsonMutations.with(valid(op, victim), field.path(), value);
                return refusal("bad value: " + field.dotted(), Set.of(400), op, victim, Json.write(body));
            }
        }
        return wrongType();
    }

    private Case missingRequired() {
        ApiSpec.Operation op = pick(withBody());
        List<List<Object>> paths = requiredPaths.get(op.id());
        for (int attempt = 0; attempt < 20 && !paths.isEmpty(); attempt++) {
            List<Object> path = pick(paths);
            ObjectNode body = JsonMutations.without(valid(op, victim), path);
            if (body != null) {
                return refusal("missing required: " + path, Set.of(400), op, victim, Json.write(body));
            }
        }
        return wrongType();
    }

    private Case brokenJson() {
        ApiSpec.Operation op = pick(withBody());
        String text = Json.write(valid(op, victim));
        String broken = switch (random.nextInt(9)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text + pick(List.of("}", "]", ",", "x", "{}", " 1", "\"\""));
            case 2 -> text.replaceFirst(":", "=");
            case 3 -> text.replace('"', '\'');
            case 4 -> "{" + text;
            // An array is no object, but a valid body of an operation that takes arrays too.
            case 5 -> pick(takeArrays.contains(op.id()) ? List.of("\"text\"", "1", "true", "null", "[" + text)
                    : List.of("[]", "\"text\"", "1", "true", "null", "[" + text + "]"));
            case 6 -> text.replaceFirst(":", ": NaN,\"x\":");
            case 7 -> "/* comment */" + text;
            default -> text.substring(0, text.length() - 1) + ",}";
        };
        return refusal("broken JSON: " + broken.length() + " chars", Set.of(400), op, victim, broken);
    }

    private Case deepNesting() {
        ApiSpec.Operation op = pick(withBody());
        List<Object> path = random.nextBoolean() ? List.of("deep") : pick(fields.get(op.id())).path();
        // Written as text: the mapper refuses to write (and so to build) what it refuses to read.
        String body = Json.write(JsonMutations.with(valid(op, victim), path, Json.mapper().getNodeFactory()
                .textNode(DEEP_MARKER)));
        int depth = 65 + random.nextInt(random.nextBoolean() ? 100 : 20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String deep = open.repeat(depth) + "1" + close.repeat(depth);
        return refusal("deep nesting: " + depth + " at " + path, Set.of(400), op, victim,
                body.replace("\"" + DEEP_MARKER + "\"", deep));
    }

    /**
     * Text that is not valid Unicode, anywhere in a body: as a field's value (whatever its type), inside an
     * unknown field, as a field name, or as bytes that encode a surrogate the way CESU-8 does.
     */
    private Case hostileText() {
        ApiSpec.Operation op = pick(withBody());
        String escape = pick(LONE_SURROGATES);
        int variant = random.nextInt(4);
        ObjectNode body = valid(op, victim);
        String where;
        switch (variant) {
            case 0 -> {
                SchemaFields.Field field = pick(fields.get(op.id()));
                body = JsonMutations.with(body, field.path(), Json.mapper().getNodeFactory().textNode(TEXT_MARKER));
                where = field.dotted();
            }
            case 1 -> {
                body.putObject("extra").putArray("list").add("ok").add(TEXT_MARKER);
                where = "extra.list.1";
            }
            case 2 -> {
                body.put(TEXT_MARKER, 1);
                where = "a field name";
            }
            default -> {
                body.put("extra", TEXT_MARKER);
                where = "UTF-8 bytes";
            }
        }
        String text = Json.write(body);
        if (variant == 3) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String marker = "\"" + TEXT_MARKER + "\"";
            int at = text.indexOf(marker);
            byte[] surrogate = {(byte) 0xED, (byte) (random.nextBoolean() ? 0xA0 : 0xB0), (byte) 0x80};
            byte[] out = new byte[bytes.length - marker.length() + 2 + surrogate.length];
            System.arraycopy(bytes, 0, out, 0, at + 1);
            System.arraycopy(surrogate, 0, out, at + 1, surrogate.length);
            System.arraycopy(bytes, at + marker.length() - 1, out, at + 1 + surrogate.length,
                    bytes.length - at - marker.length() + 1);
            return new Case("hostile text: " + where, Set.of(400), true, true,
                    request(op, victim).header("Content-Type", "application/json").body(out));
        }
        return refusal("hostile text: '" + escape + "' at " + where, Set.of(400), op, victim,
                text.replace(TEXT_MARKER, escape));
    }

    /** A body that names one field twice: parsers disagree on which value wins, so it is refused. */
    private Case duplicateKeys() {
        ApiSpec.Operation op = pick(withBody());
        ObjectNode body = valid(op, victim);
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        String name = pick(names);
        String text = Json.write(body);
        String duplicated = "{" + Json.write(Json.mapper().getNodeFactory().textNode(name)) + ":"
                + Json.write(body.get(name)) + "," + text.substring(1);
        return refusal("duplicate key: " + name, Set.of(400), op, victim, duplicated);
    }

    /** Huge but possibly valid values go to the intruder's own objects: judged on form, not on outcome. */
    private Case hugeValue() {
        ApiSpec.Operation op = pick(withBody());
        SchemaFields.Field field = pick(fields.get(op.id()));
        JsonNode value = switch (field.type()) {
            case "string" -> Json.mapper().getNodeFactory().textNode(pick(List.of("x", "é", "\uD83D\uDE00", "\u0000",
                    "<script>", "'", "\u0001\u001f\u007f", "\u2028\u2029", "\uFEFF", "\uFFFF\uFFFE", "\\u0000",
                    "\uDBFF\uDFFF")).repeat(1 + random.nextInt(random.nextBoolean() ? 1_000 : 300_000)));
            case "integer", "number" -> Json.mapper().getNodeFactory().numberNode(new java.math.BigDecimal(pick(List.of(
                    "1e999999999", "-1e999999999", "1e-999999999", "9".repeat(99), "0.0000000000000000000001",
                    "-0", "1E+2147483647"))));
            default -> JsonMutations.wrongType(field.type(), random);
        };
        ObjectNode body = JsonMutations.with(valid(op, intruder), field.path(), value);
        return new Case("huge value: " + field.dotted(), Set.of(200, 201, 202, 204, 400, 404, 409, 413), false,
                false, request(op, intruder).json(Json.write(body)));
    }

    // ---- requests whose framing, credentials or target are wrong

    private Case wrongContentType() {
        ApiSpec.Operation op = pick(withBody());
        String type = pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonx", "application/json-patch+json", "json",
                "application", "*/*", "text/json", "application/ json"));
        RawHttp.Request request = request(op, victim).json(Json.write(valid(op, victim)));
        request.header("Content-Type", random.nextInt(10) == 0 ? null : type);
        return new Case("content type: " + type, Set.of(415), true, true, request);
    }

    private Case badCredentials() {
        ApiSpec.Operation op = pick(endpoints);
        String token = victim.token();
        String header = pick(List.of("", "OAuth", "OAuth ", "Bearer " + token, "Basic " + token, "OAuth x",
                "OAuth " + token.substring(1), "OAuth " + token + "x", "OAuth " + flip(token), "ApiKey " + flip(token),
                "OAuth " + token.toUpperCase(java.util.Locale.ROOT), "OAuth " + token + ", OAuth " + token,
                "OAuth " + token + "\u00e9", "OAuth\t" + flip(token), "OAuth " + "a".repeat(4000)));
        RawHttp.Request request = body(op, victim, request(op, victim));
        request.header("Authorization", random.nextInt(8) == 0 ? null : header);
        return new Case("credentials: '" + abbreviate(header) + "'", Set.of(401), true, false, request);
    }

    /** The intruder names the victim's objects: 404 as if they did not exist, and nothing of theirs shown. */
    private Case foreignObject() {
        ApiSpec.Operation op = pick(endpoints);
        RawHttp.Request request = body(op, intruder, RawHttp.request(op.method(), target(op, victim)));
        request.token(intruder.token());
        if (op.path().contains("{")) {
            return new Case("foreign: " + op.id() + " on the victim's object", Set.of(404), true, false, request);
        }
        if (op.method().equals("GET")) {
            Map<String, String> ids = victim.ids();
            String filter = pick(List.of("project_id=" + ids.get("projects"), "id_gte=" + ids.get("pools"),
                    "id_lte=" + ids.get("pools"), "id=" + ids.get("pools"), "pool_id=" + ids.get("pools"),
                    "pool_id=" + ids.get("crowd-pool"), "task_id=" + ids.get("tasks"),
                    "task_suite_id=" + ids.get("task-suites"), "id_gte=" + ids.get("tasks"),
                    "id_lte=" + ids.get("assignments")));
            return new Case("foreign: list filtered by the victim's ids", Set.of(200, 400), false, false,
                    RawHttp.request("GET", "/api/v1" + op.path() + "?" + filter).token(intruder.token()));
        }
        String body = Json.write(valid(op, victim));
        if (body.equals(Json.write(valid(op, intruder)))) {
            return sandbox();
        }
        // A create whose body names the victim's project or pool: a referenced object the caller cannot see.
        return new Case("foreign: create in the victim's " + op.path(), Set.of(400, 404), true, false,
                RawHttp.request(op.method(), "/api/v1" + op.path()).token(intruder.token()).json(body));
    }

    private Case badId() {
        List<ApiSpec.Operation> withId = endpoints.stream().filter(o -> o.path().contains("{id}")).toList();
        ApiSpec.Operation op = pick(withId);
        String id = pick(List.of("0", "-1", "1.5", "1e3", "9".repeat(19), "9".repeat(40), "abc", "%20",
                encode("' OR 1=1--"), encode("1;DROP TABLE pools"), encode("1 OR 1=1"), "..", "%2e%2e", "..%2F",
                "%2F", "1%00", "%D9%A3", victim.id(op) + "0", "%C0%AE", "null", "undefined",
                encode(victim.id(op) + " "), "+" + victim.id(op), "0x1F"));
        RawHttp.Request request = body(op, victim, RawHttp.request(op.method(),
                "/api/v1" + op.path().replace("{id}", id)).token(victim.token()));
        return new Case("bad id: '" + id + "'", Set.of(400, 404, 405), true, true, request);
    }

    /** Sorting, paging and filters, SQL fragments included: a list answers or refuses, and changes nothing. */
    private Case listParameters() {
        List<ApiSpec.Operation> lists = endpoints.stream()
                .filter(o -> o.method().equals("GET") && !o.path().contains("{")).toList();
        ApiSpec.Operation op = pick(lists);
        StringBuilder query = new StringBuilder();
        int params = 1 + random.nextInt(4);
        for (int i = 0; i < params; i++) {
            String name = pick(List.of("limit", "sort", "id_gt", "id_gte", "id_lt", "id_lte", "created_gt",
                    "created_lte", "submitted_gte", "finished_lt", "last_started_gt", "status", "type", "project_id",
                    "pool_id", "task_id", "task_suite_id", "user_id", "overlap", "overlap_gte", "accepted_lt",
                    "unknown", pick(HostileValues.SQL)));
            String value = switch (name) {
                case "limit" -> pick(List.of("0", "-1", "1", "300", "301", "99999999999999999999", "1.5", "1e3", "",
                        "abc", "٣", " 5", pick(HostileValues.SQL)));
                case "sort" -> pick(List.of("id", "-id", "created,-id", "--id", "-", ",", "id,,id", "id,id",
                        "public_name", "last_started", "-submitted,finished", "", pick(HostileValues.SQL),
                        "id," + pick(HostileValues.SQL)));
                default -> pick(List.of("1", "0", "-1", "2020-01-01T00:00:00", "2020-13-01", "OPEN", "POOL.CLONE",
                        "SUBMITTED,ACCEPTED", "x".repeat(200), "", victim.ids().get("pools"), victim.ids().get("tasks"),
                        pick(HostileValues.SQL),
                        pick(HostileValues.EXTREME_TIMES), "9".repeat(19), "-9223372036854775809",
                        "1e999999999"));
            };
            query.append(i == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(value));
        }
        if (random.nextInt(4) == 0) {
            // Escapes no UTF-8 decoder accepts (an encoded surrogate, overlong forms, a cut sequence), written
            // as they are: encoding them again would make them harmless.
            query.append(query.length() == 0 ? "?" : "&").append(pick(List.of("sort", "id_gt", "created_gte",
                    "limit", "status"))).append('=').append(pick(List.of("%ED%A0%80", "%ED%BF%BF", "%C0%AE",
                    "%E0%80%80", "%F0%9F%98", "%FF", "%80", "%F4%90%80%80", "id%ED%B0%80")));
        }
        String method = random.nextInt(10) == 0 ? "HEAD" : "GET";
        return new Case("list parameters: " + op.id(), Set.of(200, 400), false, true,
                RawHttp.request(method, "/api/v1" + op.path() + query).token(victim.token()));
    }

    private Case wrongMethod() {
        ApiSpec.Operation op = pick(endpoints);
        Set<String> defined = new LinkedHashSet<>();
        for (ApiSpec.Operation other : allOperations) {
            if (other.path().equals(op.path())) {
                defined.add(other.method());
            }
        }
        if (defined.contains("GET")) {
            defined.add("HEAD");
        }
        List<String> wrong = METHODS.stream().filter(m -> !defined.contains(m)).toList();
        String method = pick(wrong);
        RawHttp.Request request = RawHttp.request(method, target(op, victim)).token(victim.token());
        if (random.nextBoolean() && validBodies.containsKey(op.id())) {
            request.json(Json.write(valid(op, victim)));
        }
        return new Case("wrong method: " + method + " " + op.path(), Set.of(405), true, true, request);
    }

    private Case unknownPath() {
        ApiSpec.Operation op = pick(endpoints);
        String target = target(op, victim);
        String path = switch (random.nextInt(6)) {
            case 0 -> "/api/v1/" + pick(List.of("pool", "projectz", "tasks2", "admin", "_artel", "v1"));
            case 1 -> target.replace("/api/v1", "/api/v2");
            case 2 -> target + "/" + pick(List.of("extra", "delete", "1", "open"));
            case 3 -> target.toUpperCase(java.util.Locale.ROOT);
            case 4 -> "/" + pick(List.of("", "api", "api/v1", "favicon.ico", "_artel/nope", "metrics"));
            default -> target.replace("/api/v1/", "/api/v1/x/");
        };
        RawHttp.Request request = RawHttp.request(op.method(), path).token(victim.token());
        body(op, victim, request);
        return new Case("unknown path: " + path, Set.of(404, 405), true, true, request);
    }

    /** Bytes a URI may not hold, or percent-escapes that decode to nothing valid. */
    private Case badEncoding() {
        ApiSpec.Operation op = pick(endpoints);
        String target = target(op, victim);
        boolean get = op.method().equals("GET");
        List<String> inserts = new ArrayList<>(List.of("%zz", "%", "%0", "%00", "%G0", "%C0%AE", "%FF", "%E2%82",
                "\u0000", "\u0001", "\u007f", "\u00ff", " ", "%%", "\t"));
        if (get) {
            // Only harmless on reads: these may decode into a valid path of the same object.
            inserts.addAll(List.of("%2e%2e", "..%2F", "%2F", ";x=1", "//", "%2e"));
        }
        String broken;
        String insert;
        if (random.nextInt(4) == 0) {
            // In the query only malformed escapes are refused: a well-formed one is a value like any other.
            insert = pick(List.of("%zz", "%", "%0", "%G0", "%%", "%z", "\u0001", "\u007f"));
            broken = target + "?sort=" + insert;
        } else {
            insert = pick(inserts);
            // Whitespace at the very end only widens the gap before the version, which parsers tolerate.
            int room = target.length() - "/api/v1".length() + (insert.isBlank() ? 0 : 1);
            int at = "/api/v1".length() + random.nextInt(room);
            broken = target.substring(0, at) + insert + target.substring(at);
        }
        RawHttp.Request request = body(op, victim, RawHttp.request(op.method(), broken).token(victim.token()));
        Set<Integer> allowed = get ? Set.of(200, 400, 404, 405) : Set.of(400, 404, 405);
        return new Case("bad encoding: '" + insert + "'", allowed, !get, true, request);
    }

    private Case badHeaders() {
        ApiSpec.Operation op = pick(endpoints);
        RawHttp.Request request = body(op, victim, request(op, victim));
        Set<Integer> allowed = Set.of(400);
        int variant = random.nextInt(9);
        switch (variant) {
            case 0 -> {
                request.header("X-Padding", "p".repeat(17_000 + random.nextInt(30_000)));
                allowed = Set.of(431);
            }
            case 1 -> request.header(pick(List.of("Bad Name", "Bad\u0001", "Bäd", "(Bad)")), "x");
            case 2 -> request.header("X-Broken", "a\rb");
            case 3 -> request.header("content-length", "1").header("Content-Length", "2");
            case 4 -> request.header("Content-Length",
                    pick(List.of("-1", "ten", "1.0", "0x10", "99999999999999999999")));
            case 5 -> request.header("Transfer-Encoding", pick(List.of("gzip", "chunked, gzip", "identity", "x")));
            case 6 -> request.header("Transfer-Encoding", "chunked").header("Content-Length", "5");
            case 7 -> request.header("Host", null);
            default -> request.header("host", "127.0.0.2");
        }
        return new Case("bad headers: case " + variant, allowed, true, true, request);
    }

    private Case oversized() {
        ApiSpec.Operation op = pick(withBody());
        RawHttp.Request request = request(op, victim).header("Content-Type", "application/json");
        if (random.nextInt(10) == 0) {
            // A real chunked body one byte over the cap; rare, since it is 10 MB on the wire.
            byte[] spaces = " ".repeat(10 * 1024 * 1024 + 1).getBytes(StandardCharsets.US_ASCII);
            byte[] framed = new byte[spaces.length + 32];
            byte[] head = (Integer.toHexString(spaces.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, framed, 0, head.length);
            System.arraycopy(spaces, 0, framed, head.length, spaces.length);
            byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tail, 0, framed, head.length + spaces.length, tail.length);
            request.header("Transfer-Encoding", "chunked")
                    .rawBody(java.util.Arrays.copyOf(framed, head.length + spaces.length + tail.length));
        } else {
            request.header("Content-Length", Long.toString(10L * 1024 * 1024 + 1 + random.nextInt(Integer.MAX_VALUE)))
                    .rawBody(Json.write(valid(op, victim)).getBytes(StandardCharsets.UTF_8));
        }
        return new Case("oversized body: " + op.id(), Set.of(413), true, true, request);
    }

    /** Valid requests, with unknown fields now and then, on the intruder's own objects. */
    private Case sandbox() {
        ApiSpec.Operation op = pick(endpoints);
        RawHttp.Request request = request(op, intruder);
        if (validBodies.containsKey(op.id())) {
            ObjectNode body = valid(op, intruder);
            if (random.nextBoolean()) {
                body.put(pick(List.of("id", "status", "created", "owner", "__item_idx", "x".repeat(100))),
                        pick(List.of("1", "OPEN", "2020-01-01T00:00:00", "")));
            }
            request.json(Json.write(body));
        }
        return new Case("sandbox: " + op.id(), Set.of(200, 201, 202, 204, 400, 404, 409), false, false, request);
    }

    // ---- helpers

    /**
     * Operations with fields to break: not those whose body is one of several objects (the aggregations), where a
     * broken field of one alternative may still match another (SchemaFields stops there).
     */
    private List<ApiSpec.Operation> withBody() {
        return endpoints.stream().filter(o -> !fields.getOrDefault(o.id(), List.of()).isEmpty()).toList();
    }

    /**
     * A request that must be refused. For an operation that takes arrays too, the broken body is now and then
     * sent as the one item of an array, which is refused as a whole (no skip_invalid_items).
     */
    private Case refusal(String category, Set<Integer> allowed, ApiSpec.Operation op, Principal who, String body) {
        if (takeArrays.contains(op.id()) && random.nextInt(4) == 0) {
            return new Case(category + " (in an array)", allowed, true, true, request(op, who).json("[" + body + "]"));
        }
        return new Case(category, allowed, true, true, request(op, who).json(body));
    }

    private ObjectNode valid(ApiSpec.Operation op, Principal who) {
        return validBodies.get(op.id()).apply(who.ids());
    }

    /** The operation's request on the given principal's object, with its token, without a body. */
    private RawHttp.Request request(ApiSpec.Operation op, Principal who) {
        return RawHttp.request(op.method(), target(op, who)).token(who.token());
    }

    /** Adds the operation's valid body, if it has one, for {@code who}'s project. */
    private RawHttp.Request body(ApiSpec.Operation op, Principal who, RawHttp.Request request) {
        return validBodies.containsKey(op.id()) ? request.json(Json.write(valid(op, who))) : request;
    }

    /**
     * The operation's path on {@code who}'s object: {@code {id}}, or another path parameter that names an owned
     * object ({@code /aggregated-solutions/{operationId}}); a parameter naming none (a worker's user_id) stays.
     */
    private String target(ApiSpec.Operation op, Principal who) {
        if (op.path().contains("{id}")) {
            return "/api/v1" + op.path().replace("{id}", who.id(op));
        }
        String owned = who.ids().get(resource(op));
        return "/api/v1" + (owned == null ? op.path() : op.path().replaceAll("\\{[^}]+}", owned));
    }

    static String resource(ApiSpec.Operation op) {
        return op.path().split("/")[1];
    }

    /** Paths of required fields that the valid body has, so that leaving one out is a refusal. */
    private static List<List<Object>> required(JsonNode objectSchema, List<SchemaFields.Field> all) {
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode name : objectSchema.path("required")) {
            out.add(List.of(name.asText()));
        }
        for (SchemaFields.Field field : all) {
            for (JsonNode name : field.schema().path("required")) {
                List<Object> path = new ArrayList<>(field.path());
                path.add(name.asText());
                out.add(List.copyOf(path));
            }
        }
        return out;
    }

    private String flip(String token) {
        int i = random.nextInt(token.length());
        char c = token.charAt(i) == 'a' ? 'b' : 'a';
        return token.substring(0, i) + c + token.substring(i + 1);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}

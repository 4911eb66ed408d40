package dev.artel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import dev.artel.json.Json;
import dev.artel.spec.ApiSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks every response the suite receives against Toloka's contract: the response schema that fullApi.yaml
 * gives for the operation and status, Toloka's error shape, and the wire details a schema cannot express
 * (server times with milliseconds, object ids as strings). Responses of Artel's own API ({@link Api#ARTEL})
 * are held to artel-api.yaml the same way, with the same error shape and wire details, and no exemptions; so are
 * those of Toloka's endpoints outside fullApi.yaml ({@link Api#TOLOKA_EXTRA}) to toloka-extra.yaml, where a file
 * download is held to its media type.
 *
 * <p>It reads the bundled spec itself rather than through {@code ApiSpec}: corrections made there so that the
 * server accepts real clients' requests must not loosen what the server is held to. The spec's own defects are
 * exempted here, each with its reason, in {@link #SPEC_DEFECTS}; statuses the server answers that the spec does
 * not list are allowed only through {@link #UNLISTED_STATUSES}. Unknown fields are never refused (the spec sets no
 * {@code additionalProperties: false}, and Artel echoes the client's own fields).
 */
public final class SpecContract {
    /** Where the bundled spec sits on the classpath; its relative {@code $ref}s resolve from here. */
    private static final String SPEC_DIR = "spec/";
    private static final String MAIN = "fullApi.yaml";
    private static final String ADDITIONAL = "parts/api/additional.yaml";
    /** A made-up base IRI: the schema loader maps it to the in-memory documents, nothing is fetched. */
    private static final String BASE_IRI = "https://artel.invalid/spec/";
    /** Where each operation's response schemas are copied inside the main document, to be compiled by pointer. */
    private static final String RESPONSES = "x-artel-responses";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /**
     * Defects of fullApi.yaml that Toloka's real service, clients or own examples contradict. Each one is patched
     * out of the in-memory copy before any schema is compiled, so that a correct response is not refused. Two known
     * defects need no entry: {@code maximum} on a string (a restriction's private_comment) constrains nothing in
     * JSON Schema, and duplicate enum values do not change what an enum accepts.
     */
    private static final List<Exemption> SPEC_DEFECTS = List.of(
            new Exemption("PoolViewV1.filter is typed string, but the service returns the filter tree, an object"
                    + " (COMPATIBILITY.md §0.9; the spec's own pool examples carry an object)",
                    spec -> property(spec.schema("PoolViewV1"), "filter").put("type", "object")),
            new Exemption("A rule condition's value is typed object, but it is a number, string or boolean"
                    + " (every quality-control example of the spec, e.g. responses/api/pool-id.yaml)",
                    spec -> property(spec.schema("OneFieldConditionDtoV1"), "value").remove("type")),
            new Exemption("Interval.from has minimum 1 but default 0, and Toloka's own pool example prices the skill"
                    + " interval from 0 (requests/api/pool-body.yaml; skill values run 0-100)",
                    spec -> property(spec.schema("Interval"), "from").put("minimum", 0)),
            new Exemption("A collector config requires uuid and parameters, but Toloka's own project example"
                    + " (responses/api/project-id.yaml) returns a SKIPPED_IN_ROW_ASSIGNMENTS collector with neither",
                    spec -> removeRequired(spec.schema("CollectorConfigDtoV1"), "uuid", "parameters")),
            new Exemption("The collector type enum lacks CAPTCHA, a collector Toloka serves (toloka-kit"
                    + " collectors.Captcha; COMPATIBILITY.md §3)",
                    spec -> ((ArrayNode) property(spec.schema("CollectorConfigDtoV1"), "type").get("enum"))
                            .add("CAPTCHA")),
            new Exemption("Action parameters require scope, which only restriction actions have (the same"
                    + " project example has a REJECT_ALL_ASSIGNMENTS action with public_comment only)",
                    spec -> removeRequired(property(spec.schema("ActionConfigDtoV1"), "parameters"), "scope")),
            new Exemption("Task-spec nodes require a property literally named <ID>, a placeholder for the"
                    + " client's field names (every task_spec example of the spec lacks it)",
                    spec -> {
                        removeRequired(spec.additionalSchema("InputSpecNode"), "<ID>");
                        removeRequired(spec.additionalSchema("OutputSpecNode"), "<ID>");
                    }),
            new Exemption("ViewSpecNode describes the classic editor only: config is typed array, but the spec's own"
                    + " example of it and toloka-kit's TemplateBuilderViewSpec send a JSON string; settings is"
                    + " required, but the kit's ViewSpec.settings is optional and left out when unset",
                    spec -> {
                        ObjectNode view = spec.additionalSchema("ViewSpecNode");
                        property(view, "config").put("type", "string").remove("items");
                        removeRequired(view, "settings");
                    }),
            new Exemption("GET /operations/{id}/log is described as one OperationLog, but the service answers a JSON"
                    + " array of them (toloka-kit get_operation_log reads List[OperationLogItem])",
                    spec -> {
                        ObjectNode json = spec.responseContent("/operations/{id}/log", "get", "200");
                        ObjectNode array = json.objectNode().put("type", "array");
                        array.set("items", json.get("schema"));
                        json.set("schema", array);
                    }),
            new Exemption("Task and task suite views give overlap a minimum of 1 (they inherit it from the forms), but"
                    + " set-overlap-or-min sets it to 0, as that operation's own description says",
                    spec -> {
                        for (String form : List.of("TaskFormV1", "TaskSuiteFormV1")) {
                            property(spec.schema(form), "overlap").put("minimum", 0);
                        }
                    }),
            new Exemption("Asynchronous task and task-suite creation and aggregation by pool list only 201, but answer"
                    + " 202 with the operation, as every other operation does: Toloka's Java SDK takes nothing else"
                    + " (AbstractClientImpl.createMultipleAsync and executeAsync) and its tests mock 202"
                    + " (COMPATIBILITY.md §0.9)",
                    spec -> {
                        for (String path : List.of("/tasks", "/task-suites", "/aggregated-solutions/aggregate-by-pool")) {
                            ObjectNode responses = (ObjectNode) spec.main.path("paths").path(path).path("post")
                                    .path("responses");
                            ObjectNode accepted = responses.putObject("202").put("description", "Accepted");
                            accepted.putObject("content").putObject("application/json").putObject("schema")
                                    .put("$ref", "#/components/schemas/OperationViewV1");
                        }
                    }),
            new Exemption("POST /tasks, /task-suites and /user-bonuses answer one of an object, a batch result or an"
                    + " operation under oneOf, but the alternatives require nothing and overlap, so every answer"
                    + " matches two of them and oneOf refuses it, Toloka's own examples of these answers included",
                    spec -> {
                        for (String path : List.of("/tasks", "/task-suites", "/user-bonuses")) {
                            ObjectNode schema = (ObjectNode) spec.responseContent(path, "post", "201").get("schema");
                            schema.set("anyOf", schema.remove("oneOf"));
                        }
                    }));

    /**
     * Success statuses the server answers that the operation's responses in fullApi.yaml do not list. Each is
     * answered with an empty body.
     */
    private static final List<UnlistedStatus> UNLISTED_STATUSES = List.of(
            // A transition to the state the object is already in answers 204 with an empty body: documented in
            // each operation's description, not among its responses; toloka-kit checks for exactly this
            // (COMPATIBILITY.md §0.3).
            new UnlistedStatus("openPool", 204), new UnlistedStatus("closePool", 204),
            new UnlistedStatus("closePoolForUpdate", 204), new UnlistedStatus("archivePool", 204),
            new UnlistedStatus("openTraining", 204), new UnlistedStatus("closeTraining", 204),
            new UnlistedStatus("archiveTraining", 204),
            // Inferred, not documented: the same no-op rule for the two transitions whose descriptions do not
            // mention it (closing a closed training for update, archiving an archived project). Artel applies the
            // rule uniformly; listed here so that the choice stays visible.
            new UnlistedStatus("closeTrainingForUpdate", 204), new UnlistedStatus("archiveProject", 204));

    /** Times the server sets: always {@code YYYY-MM-DDThh:mm:ss.sss}, UTC without a zone (Timestamps.format). */
    private static final Set<String> SERVER_TIMES = Set.of("created", "submitted", "started", "finished",
            "last_started", "last_stopped", "modified");
    private static final Pattern SERVER_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    /** Ids that clients compare and sort as strings (COMPATIBILITY.md §0.1); a number there breaks toloka-kit. */
    private static final Set<String> ID_FIELDS = Set.of("id", "project_id", "pool_id", "training_id", "skill_id");
    /** Where ids are checked inside each object: its top level and these members. */
    private static final Set<String> ID_HOLDERS = Set.of("parameters", "details");
    /**
     * Members whose keys the client chooses (field names of its task spec, its metadata, task inputs and outputs,
     * a log item's echoed input): a client field that happens to be named {@code created} is not a server time.
     */
    private static final Set<String> CLIENT_CONTENT = Set.of("metadata", "task_spec", "input", "output",
            "input_values", "output_values", "known_solutions", "baseline_solutions", "solutions");

    private SpecContract() {
    }

    /** The two files the server answers to, each under its prefix. */
    public enum Api {
        TOLOKA("/api/v1"), ARTEL("/artel/v1"), TOLOKA_EXTRA("/api");

        private final String prefix;

        Api(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** Loaded on first use: a suite that never calls Artel's API never reads its file. */
        private Spec spec() {
            return switch (this) {
                case TOLOKA -> Spec.Toloka.INSTANCE;
                case ARTEL -> Spec.Artel.INSTANCE;
                case TOLOKA_EXTRA -> Spec.TolokaExtra.INSTANCE;
            };
        }
    }

    /** One operation of a spec: upper-case method, path template relative to its prefix, its raw definition. */
    public record Operation(String id, String method, String template, JsonNode definition) {
        /** A concrete path: the template with each {@code {parameter}} replaced by {@code valueOf(parameter)}. */
        public String path(UnaryOperator<String> valueOf) {
            return PARAMETER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(valueOf.apply(m.group(1))));
        }
    }

    private record Exemption(String why, Consumer<Spec> patch) {
    }

    private record UnlistedStatus(String operationId, int status) {
    }

    /** Every operation of fullApi.yaml, in the spec's order. */
    public static List<Operation> operations() {
        return operations(Api.TOLOKA);
    }

    /** Every operation of {@code api}'s file, in the file's order. */
    public static List<Operation> operations(Api api) {
        return api.spec().operations;
    }

    /** A file of the spec's directory on the classpath, by the relative {@code $ref} the spec uses for it. */
    public static JsonNode specFile(String ref) {
        return readYaml(SPEC_DIR + ref.replaceFirst("^\\./", ""));
    }

    /** {@link #verify(Api, ApiClient.Response)} against fullApi.yaml. */
    public static void verify(ApiClient.Response response) {
        verify(Api.TOLOKA, response);
    }

    /** Throws AssertionError, naming the request, the rule or schema location and the body, on any violation. */
    public static void verify(Api api, ApiClient.Response response) {
        verify(api, response, true);
    }

    /**
     * {@link #verify(ApiClient.Response)} without the wire-format check, for the spec's own response examples:
     * Toloka writes some of them with times to the second ("2016-09-29T18:04:00", POST /tasks), which its
     * clients read as well. What Artel itself answers always carries milliseconds, and every real answer is
     * held to that by {@link #verify}.
     */
    public static void verifySchema(ApiClient.Response response) {
        verify(Api.TOLOKA, response, false);
    }

    private static void verify(Api api, ApiClient.Response response, boolean wireFormat) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            verifySuccess(api.spec(), response, wireFormat);
        } else if (status >= 400 && status < 600) {
            verifyError(response);
        } else {
            throw violation(response, "status " + status + " is neither a success nor an error");
        }
    }

    private static void verifySuccess(Spec spec, ApiClient.Response response, boolean wireFormat) {
        Operation op = spec.match(response.method(), response.path()).orElseThrow(() ->
                violation(response, "no operation of " + spec.mainFile + " has this method and path"));
        String status = Integer.toString(response.status());
        JsonNode listed = op.definition().path("responses").get(status);
        if (listed == null) {
            if (!spec.unlisted.contains(new UnlistedStatus(op.id(), response.status()))) {
                throw violation(response, op.id() + " does not list status " + status + " in " + spec.mainFile
                        + ", and SpecContract.UNLISTED_STATUSES does not allow it");
            }
            requireEmpty(response);
            return;
        }
        JsonNode content = listed.path("content");
        if (!content.isEmpty() && !content.has("application/json")) {
            // A file (a TSV download): no schema describes its text, only its media type.
            if (!content.has(response.mediaType())) {
                throw violation(response, "Content-Type " + response.contentType() + " is not one " + op.id()
                        + " lists for " + status + ": " + content.properties().stream().map(Map.Entry::getKey)
                        .toList());
            }
            return;
        }
        if (content.path("application/json").path("schema").isMissingNode()) {
            requireEmpty(response);
            return;
        }
        JsonNode body = parse(response);
        Set<ValidationMessage> errors = spec.responseSchema(op.id(), status).validate(body);
        if (!errors.isEmpty()) {
            throw violation(response, "body does not match the " + status + " response of " + op.id() + ":\n"
                    + errors.stream().limit(10).map(e -> "  " + e.getInstanceLocation() + ": " + e.getMessage()
                            + " (schema " + e.getSchemaLocation() + ")").collect(Collectors.joining("\n")));
        }
        if (!wireFormat) {
            return;
        }
        List<String> wire = new ArrayList<>();
        checkTimes(body, "$", wire);
        for (JsonNode entity : entities(body)) {
            checkIds(entity, wire);
        }
        if (!wire.isEmpty()) {
            throw violation(response, "wire format: " + String.join("; ", wire));
        }
    }

    private static void verifyError(ApiClient.Response response) {
        JsonNode body = parse(response);
        for (String field : new String[] {"request_id", "code", "message"}) {
            if (!body.path(field).isTextual()) {
                throw violation(response, "Toloka's error body needs the string " + field);
            }
        }
        if (body.has("payload") && !body.get("payload").isObject()) {
            throw violation(response, "error payload must be an object");
        }
        if (!body.get("request_id").asText().equals(response.requestId())) {
            throw violation(response, "request_id differs from the X-Request-Id header " + response.requestId());
        }
    }

    private static void requireEmpty(ApiClient.Response response) {
        if (!response.text().isEmpty()) {
            throw violation(response, "status " + response.status() + " must have an empty body");
        }
    }

    private static JsonNode parse(ApiClient.Response response) {
        try {
            JsonNode body = Json.parse(response.text());
            if (body != null && !body.isMissingNode()) {
                return body;
            }
        } catch (IOException e) {
            // reported below, with the body
        }
        throw violation(response, "body is not JSON");
    }

    /** Every server time in the body, at any depth, outside the client's own content. */
    private static void checkTimes(JsonNode node, String at, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTimes(node.get(i), at + "[" + i + "]", problems);
            }
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                String where = at + "." + field.getKey();
                JsonNode value = field.getValue();
                if (SERVER_TIMES.contains(field.getKey())
                        && !(value.isTextual() && SERVER_TIME.matcher(value.asText()).matches())) {
                    problems.add(where + " = " + value + " is not YYYY-MM-DDThh:mm:ss.sss");
                } else if (!CLIENT_CONTENT.contains(field.getKey())) {
                    checkTimes(value, where, problems);
                }
            });
        }
    }

    /** The objects a body describes: itself, the items of a page (list or batch map), or the elements of an array. */
    private static List<JsonNode> entities(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode items = body.path("items");
        if (body.isArray()) {
            body.forEach(out::add);
        } else if (items.isArray() || items.isObject()) {
            items.forEach(out::add);
        } else {
            out.add(body);
        }
        return out;
    }

    private static void checkIds(JsonNode entity, List<String> problems) {
        checkIdFields(entity, "", problems);
        for (String holder : ID_HOLDERS) {
            checkIdFields(entity.path(holder), holder + ".", problems);
        }
    }

    private static void checkIdFields(JsonNode node, String prefix, List<String> problems) {
        for (String field : ID_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isTextual()) {
                problems.add(prefix + field + " = " + value + " is not a JSON string");
            }
        }
    }

    private static AssertionError violation(ApiClient.Response response, String what) {
        return new AssertionError("contract violation by " + response.method() + " " + response.path() + " -> "
                + response.status() + ": " + what + "\nbody: " + response.text());
    }

    private static ObjectNode property(ObjectNode schema, String name) {
        return (ObjectNode) schema.path("properties").path(name);
    }

    private static void removeRequired(ObjectNode schema, String... fields) {
        ArrayNode required = (ArrayNode) schema.get("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (List.of(fields).contains(required.get(i).asText())) {
                required.remove(i);
            }
        }
    }

    private static ObjectNode readYaml(String resource) {
        try (InputStream in = SpecContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A spec, loaded once per test JVM, and its response schemas, compiled once each on first use. */
    private static final class Spec {
        /** Holders, so that each file is read when it is first needed. */
        private static final class Toloka {
            static final Spec INSTANCE = new Spec(SPEC_DIR, MAIN, ADDITIONAL, SPEC_DEFECTS, UNLISTED_STATUSES);
        }

        private static final class Artel {
            static final Spec INSTANCE = new Spec("", ApiSpec.ARTEL, null, List.of(), List.of());
        }

        private static final class TolokaExtra {
            static final Spec INSTANCE = new Spec("", ApiSpec.TOLOKA_EXTRA, null, List.of(), List.of());
        }

        final String mainFile;
        final ObjectNode main;
        /** Toloka's second file; null for a self-contained one. */
        final ObjectNode additional;
        final List<UnlistedStatus> unlisted;
        final List<Operation> operations;
        final List<Route> routes;
        final JsonSchemaFactory factory;
        final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // Toloka's times have no zone, so RFC 3339 date-time would refuse them all; checkTimes does it.
                .formatAssertionsEnabled(false)
                .pathType(PathType.JSON_POINTER)
                .build();
        final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

        private record Route(Pattern pattern, int parameters, Operation operation) {
        }

        private Spec(String dir, String mainFile, String additionalFile, List<Exemption> defects,
                     List<UnlistedStatus> unlisted) {
            this.mainFile = mainFile;
            this.main = readYaml(dir + mainFile);
            this.additional = additionalFile == null ? null : readYaml(dir + additionalFile);
            this.unlisted = unlisted;
            defects.forEach(defect -> defect.patch().accept(this));
            operations = readOperations();
            routes = operations.stream()
                    .map(op -> new Route(Pattern.compile(PARAMETER.matcher(op.template()).replaceAll("[^/]+")),
                            (int) op.template().chars().filter(c -> c == '{').count(), op))
                    .sorted(Comparator.comparingInt(Route::parameters))
                    .toList();
            ObjectNode responses = main.putObject(RESPONSES);
            for (Operation op : operations) {
                ObjectNode byStatus = responses.putObject(op.id());
                op.definition().path("responses").properties().forEach(r -> {
                    JsonNode schema = r.getValue().path("content").path("application/json").path("schema");
                    if (!schema.isMissingNode()) {
                        byStatus.set(r.getKey(), schema);
                    }
                });
            }
            Map<String, String> documents = additional == null ? Map.of(BASE_IRI + mainFile, Json.write(main))
                    : Map.of(BASE_IRI + mainFile, Json.write(main), BASE_IRI + additionalFile, Json.write(additional));
            // The spec is not ours to lint: words the OpenAPI 3.0 dialect does not define (the document's own
            // keys, "summary" beside a $ref) constrain nothing, and need no warning. exclusiveMinimum/Maximum
            // fall among them; the spec only ever sets them to false, their default.
            JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi30.getInstance())
                    .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
                    .build();
            factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                    .metaSchema(dialect)
                    .defaultMetaSchemaIri(dialect.getIri())
                    .schemaLoaders(loaders -> loaders.schemas(documents)));
        }

        ObjectNode schema(String name) {
            return (ObjectNode) main.path("components").path("schemas").path(name);
        }

        ObjectNode additionalSchema(String name) {
            return (ObjectNode) additional.path("components").path("schemas").path(name);
        }

        ObjectNode responseContent(String path, String method, String status) {
            return (ObjectNode) main.path("paths").path(path).path(method).path("responses").path(status)
                    .path("content").path("application/json");
        }

        private List<Operation> readOperations() {
            List<Operation> out = new ArrayList<>();
            main.path("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
                if (m.getValue().has("operationId")) {
                    out.add(new Operation(m.getValue().get("operationId").asText(),
                            m.getKey().toUpperCase(Locale.ROOT), path.getKey(), m.getValue()));
                }
            }));
            return List.copyOf(out);
        }

        /** The operation for a concrete request; a literal segment wins over a parameter ({@code /x/compose}). */
        Optional<Operation> match(String method, String pathAndQuery) {
            int query = pathAndQuery.indexOf('?');
            String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
            return routes.stream()
                    .filter(r -> r.operation().method().equals(method) && r.pattern().matcher(path).matches())
                    .map(Route::operation)
                    .findFirst();
        }

        JsonSchema responseSchema(String operationId, String status) {
            return compiled.computeIfAbsent(operationId + " " + status, key -> {
                JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_IRI + mainFile + "#/" + RESPONSES + "/"
                        + operationId + "/" + status), config);
                schema.initializeValidators();
                return schema;
            });
        }
    }
}

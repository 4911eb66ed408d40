package dev.artel.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAPI file bundled in the jar: the list of operations (which a route table is built from), the
 * security scheme each one demands (which picks its authenticator) and the request schemas (which incoming
 * bodies are validated against). {@link #load()} is Toloka's published file, whose known defects (see
 * COMPATIBILITY.md §0.9 and {@link #correct}) are patched here, in one place, when it is loaded;
 * {@link #load(String)} is a self-contained file of Artel's own, taken as written.
 */
public final class ApiSpec {
    /** Artel's own API (workers, the operator), for {@link #load(String)}. */
    public static final String ARTEL = "artel-api.yaml";
    /** Toloka's endpoints that toloka-kit calls and fullApi.yaml lacks, as Artel describes them. */
    public static final String TOLOKA_EXTRA = "toloka-extra.yaml";
    private static final String MAIN = "spec/fullApi.yaml";
    private static final String ADDITIONAL = "spec/parts/api/additional.yaml";
    private static final String ADDITIONAL_REF = "./parts/api/additional.yaml";
    /** How additional.yaml refers back to the main file. */
    private static final String MAIN_FROM_ADDITIONAL = "../../fullApi.yaml";

    /**
     * One operation of the spec: {@code method} is upper case, {@code path} is relative to the API's prefix
     * (/api/v1), {@code security} the names of the security schemes it accepts (its own {@code security}, else
     * the file's).
     */
    public record Operation(String id, String method, String path, Optional<JsonNode> requestSchema,
                            List<String> security) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String resource;
    private final String text;
    private final ObjectNode main;
    /** Toloka's second file, which the first refers to; null for a self-contained file. */
    private final ObjectNode additional;
    private final List<Operation> operations;

    private ApiSpec(String resource, String text, ObjectNode main, ObjectNode additional) {
        this.resource = resource;
        this.text = text;
        this.main = main;
        this.additional = additional;
        this.operations = readOperations();
    }

    /** Toloka's fullApi.yaml, corrected. */
    public static ApiSpec load() {
        String text = readText(MAIN);
        ObjectNode main = parse(MAIN, text);
        ObjectNode additional = parse(ADDITIONAL, readText(ADDITIONAL));
        correct(main, additional);
        return new ApiSpec(MAIN, text, main, additional);
    }

    /** A self-contained OpenAPI file on the classpath, taken as written: {@code $ref}s point into itself. */
    public static ApiSpec load(String resource) {
        String text = readText(resource);
        return new ApiSpec(resource, text, parse(resource, text), null);
    }

    private static String readText(String resource) {
        try (InputStream in = ApiSpec.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parse(String resource, String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("resource " + resource + " is not YAML", e);
        }
    }

    /** The classpath resource the spec was read from. */
    public String resource() {
        return resource;
    }

    /** The file as bundled, for serving it to clients. */
    public String text() {
        return text;
    }

    public List<Operation> operations() {
        return operations;
    }

    public Operation operation(String id) {
        return operations.stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + id + " in the spec"));
    }

    /** Follows {@code $ref} until a concrete schema; refs into the example files resolve to an empty schema. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current != null && current.has("$ref") && hops < 32; hops++) {
            current = lookup(current.get("$ref").asText());
        }
        return current;
    }

    public JsonNode schema(String name) {
        return main.path("components").path("schemas").path(name);
    }

    private JsonNode lookup(String ref) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        ObjectNode document;
        if (file.isEmpty() || file.equals(MAIN_FROM_ADDITIONAL)) {
            document = main;
        } else if (file.equals(ADDITIONAL_REF) && additional != null) {
            document = additional;
        } else {
            return ObjectMapperHolder.EMPTY;
        }
        JsonNode target = document.at(pointer);
        if (target.isMissingNode()) {
            throw new IllegalStateException("unresolvable $ref " + ref);
        }
        if (document == additional) {
            return rebaseRefs(target);
        }
        return target;
    }

    /** Local refs inside additional.yaml point into additional.yaml; make that explicit before returning them. */
    private JsonNode rebaseRefs(JsonNode node) {
        if (node.isObject() && node.has("$ref") && node.get("$ref").asText().startsWith("#")) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            copy.put("$ref", ADDITIONAL_REF + node.get("$ref").asText());
            return copy;
        }
        if (node.isContainerNode()) {
            JsonNode copy = node.deepCopy();
            rebaseInPlace(copy);
            return copy;
        }
        return node;
    }

    private static void rebaseInPlace(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.asText().startsWith("#")) {
                object.put("$ref", ADDITIONAL_REF + ref.asText());
            }
            object.elements().forEachRemaining(ApiSpec::rebaseInPlace);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ApiSpec::rebaseInPlace);
        }
    }

    private List<Operation> readOperations() {
        List<String> fileSecurity = securityNames(main.path("security"));
        List<Operation> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = main.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().properties().iterator();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode op = method.getValue();
                if (!op.has("operationId")) {
                    continue;
                }
                JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
                out.add(new Operation(op.get("operationId").asText(), method.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(), body.isMissingNode() ? Optional.empty() : Optional.of(body),
                        op.has("security") ? securityNames(op.get("security")) : fileSecurity));
            }
        }
        return List.copyOf(out);
    }

    /** The scheme names of a security requirement list ({@code [{worker: []}]}). */
    private static List<String> securityNames(JsonNode requirements) {
        List<String> names = new ArrayList<>();
        for (JsonNode requirement : requirements) {
            requirement.fieldNames().forEachRemaining(names::add);
        }
        return List.copyOf(names);
    }

    /**
     * The spec's known defects, fixed so that valid requests from Toloka's own clients are not refused:
     * {@code filter} is typed string but is an object tree; the action parameters demand {@code scope}, which
     * only restriction actions have; collector {@code uuid} is generated by the server when absent (toloka-kit
     * blanks it to get fresh collectors), parameter-less collectors have no {@code parameters}, and the
     * collector enum lacks CAPTCHA; a rule condition's {@code value} is a number or string, not an object; the task-spec nodes require a placeholder key {@code <ID>}; the view
     * spec is described as the classic one only (template-builder specs carry {@code config} as a JSON string),
     * so it is taken as any object; a task suite patch requires {@code infinite_overlap}, which toloka-kit leaves
     * out when it changes only the issuing order. PUT takes the View schema,
     * which requires nothing; a PUT replaces the object, so it is held to the Form schema that POST uses.
     */
    private static void correct(ObjectNode main, ObjectNode additional) {
        for (String[] put : new String[][] {{"/projects/{id}", "ProjectFormV1"}, {"/pools/{id}", "PoolFormV1"},
                {"/trainings/{id}", "TrainingFormV1"}, {"/skills/{id}", "SkillFormV1"}}) {
            ObjectNode schema = (ObjectNode) main.path("paths").path(put[0]).path("put").path("requestBody")
                    .path("content").path("application/json").path("schema");
            schema.put("$ref", "#/components/schemas/" + put[1]);
        }
        ObjectNode schemas = (ObjectNode) main.path("components").path("schemas");
        for (String pool : List.of("PoolFormV1", "PoolViewV1")) {
            ObjectNode filter = (ObjectNode) schemas.path(pool).path("properties").path("filter");
            filter.put("type", "object");
        }
        // Interval.from says minimum 1 but defaults to 0, and Toloka's own pool example starts an interval at 0.
        ((ObjectNode) schemas.path("Interval").path("properties").path("from")).put("minimum", 0);
        removeRequired(schemas.path("ActionConfigDtoV1").path("properties").path("parameters"), "scope");
        removeRequired(schemas.path("CollectorConfigDtoV1"), "uuid");
        removeRequired(schemas.path("CollectorConfigDtoV1"), "parameters");
        ((ArrayNode) schemas.path("CollectorConfigDtoV1").path("properties").path("type").path("enum")).add("CAPTCHA");
        ((ObjectNode) schemas.path("OneFieldConditionDtoV1").path("properties").path("value")).remove("type");
        // toloka-kit leaves infinite_overlap out of a suite patch that changes only the issuing order.
        removeRequired(schemas.path("TaskSuitePatchV1"), "infinite_overlap");
        ObjectNode addSchemas = (ObjectNode) additional.path("components").path("schemas");
        removeRequired(addSchemas.path("InputSpecNode"), "<ID>");
        removeRequired(addSchemas.path("OutputSpecNode"), "<ID>");
        addSchemas.set("ViewSpecNode", addSchemas.objectNode().put("type", "object"));
    }

    private static void removeRequired(JsonNode schema, String field) {
        JsonNode required = schema.path("required");
        if (required instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).asText().equals(field)) {
                    array.remove(i);
                }
            }
        }
    }

    private static final class ObjectMapperHolder {
        static final JsonNode EMPTY = new ObjectMapper().createObjectNode();
    }
}

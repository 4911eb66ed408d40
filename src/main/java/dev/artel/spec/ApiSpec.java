package dev.artel.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Toloka's published OpenAPI file, bundled in the jar: the list of operations (which the route table is
 * built from) and the request schemas (which incoming bodies are validated against). The spec has known
 * defects (see COMPATIBILITY.md §0.9 and {@link #correct}); they are patched here, in one place, when the
 * file is loaded.
 */
public final class ApiSpec {
    private static final String MAIN = "spec/fullApi.yaml";
    private static final String ADDITIONAL = "spec/parts/api/additional.yaml";
    private static final String ADDITIONAL_REF = "./parts/api/additional.yaml";
    /** How additional.yaml refers back to the main file. */
    private static final String MAIN_FROM_ADDITIONAL = "../../fullApi.yaml";

    /** One operation of the spec: {@code method} is upper case, {@code path} is relative to /api/v1. */
    public record Operation(String id, String method, String path, Optional<JsonNode> requestSchema) {
    }

    private final ObjectNode main;
    private final ObjectNode additional;
    private final List<Operation> operations;

    private ApiSpec(ObjectNode main, ObjectNode additional) {
        this.main = main;
        this.additional = additional;
        correct();
        this.operations = readOperations();
    }

    public static ApiSpec load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        return new ApiSpec(read(yaml, MAIN), read(yaml, ADDITIONAL));
    }

    private static ObjectNode read(ObjectMapper yaml, String resource) {
        try (InputStream in = ApiSpec.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        } else if (file.equals(ADDITIONAL_REF)) {
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
                        path.getKey(), body.isMissingNode() ? Optional.empty() : Optional.of(body)));
            }
        }
        return List.copyOf(out);
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
    private void correct() {
        for (String[] put : new String[][] {{"/projects/{id}", "ProjectFormV1"}, {"/pools/{id}", "PoolFormV1"},
                {"/trainings/{id}", "TrainingFormV1"}}) {
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

package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A simulated crowd as defined: the seed everything random derives from, and its personas in the order given. */
record Crowd(long seed, List<Persona> personas) {
    /** Enough for the load the emulator is measured with (1,000 workers), with room; each is a worker row. */
    static final int MAX_WORKERS = 10_000;
    static final Crowd NONE = new Crowd(0, List.of());

    Optional<Persona> persona(String name) {
        return personas.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    int workerCount() {
        return personas.stream().mapToInt(Persona::count).sum();
    }

    /** The definition with defaults filled, as the Crowd view shows it and as it is stored. */
    ObjectNode view() {
        ObjectNode out = Json.object().put("seed", seed);
        ArrayNode list = out.putArray("personas");
        personas.forEach(p -> list.add(p.view()));
        return out;
    }

    /**
     * Reads a CrowdForm that artel-api.yaml has admitted; 400 with every problem the schema cannot see: a persona
     * name given twice, rates that add up past 1, a time per task without its parameters, too many workers.
     */
    static Crowd read(JsonNode form) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        List<Persona> personas = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = form.path("personas");
        for (int i = 0; i < list.size(); i++) {
            String path = "personas." + i;
            Persona persona = Persona.read(list.get(i), path, errors);
            if (!names.add(persona.name())) {
                errors.put(path + ".name", FieldError.of("VALUE_NOT_UNIQUE", "Persona names must differ: "
                        + persona.name() + " is given twice"));
            }
            personas.add(persona);
        }
        Crowd crowd = new Crowd(form.path("seed").asLong(0), List.copyOf(personas));
        if (crowd.workerCount() > MAX_WORKERS) {
            errors.put("personas", FieldError.of("VALUE_GREATER_THAN_MAX", "A crowd has at most " + MAX_WORKERS
                    + " workers; these personas count " + crowd.workerCount()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        return crowd;
    }
}

package dev.artel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.util.List;

/**
 * What a requester is told of a worker ({@code GET /user-metadata/{user_id}}, UserMetadataViewV1): the country,
 * languages and adult consent of their profile, and the attributes Toloka determines, with the country of the
 * regions by phone and by IP where the region is a country. Nothing else of the profile (gender, birth date,
 * name) is shown, as Toloka shows nothing else.
 */
final class UserMetadata {
    private static final List<String> PROFILE = List.of("country", "languages", "adult_allowed");
    private static final List<String> ATTRIBUTES = List.of("client_type", "user_agent_type", "device_category",
            "os_family", "os_version", "os_version_major", "os_version_minor", "os_version_bugfix");

    private UserMetadata() {
    }

    static ObjectNode of(Worker worker) {
        ObjectNode doc = worker.doc().tree();
        JsonNode profile = doc.path("profile");
        JsonNode computed = doc.path("computed");
        ObjectNode out = Json.object();
        out.put("id", worker.id());
        for (String field : PROFILE) {
            if (profile.hasNonNull(field)) {
                out.set(field, profile.get(field));
            }
        }
        ObjectNode attributes = out.putObject("attributes");
        country(computed.path("region_by_phone"), attributes, "country_by_phone");
        country(computed.path("region_by_ip"), attributes, "country_by_ip");
        for (String field : ATTRIBUTES) {
            if (computed.hasNonNull(field)) {
                attributes.set(field, computed.get(field));
            }
        }
        return out;
    }

    private static void country(JsonNode region, ObjectNode attributes, String field) {
        String code = region.canConvertToLong() ? CountryRegions.code(region.asLong()) : null;
        if (code != null) {
            attributes.put(field, code);
        }
    }
}

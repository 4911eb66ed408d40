package dev.artel.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /user-metadata/{user_id}}: what a requester is told of a worker, from the worker's profile. */
class UserMetadataTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void aWorkersMetadataComesFromTheirProfile() {
        ApiClient worker = server.newWorker(Json.parseObject("""
                {"name": "Ann",
                 "profile": {"gender": "FEMALE", "country": "IN", "citizenship": "IN", "languages": ["EN", "FR"],
                             "adult_allowed": true, "date_of_birth": 631152000, "verified_languages": ["EN"]},
                 "computed": {"region_by_phone": 994, "region_by_ip": 213, "client_type": "TOLOKA_APP",
                              "user_agent_type": "OTHER", "device_category": "SMARTPHONE", "os_family": "ANDROID",
                              "os_version": 10.1, "os_version_major": 10, "os_version_minor": 1,
                              "os_version_bugfix": 0, "user_agent_family": "CHROME_MOBILE"}}
                """));
        String id = worker.get("/worker/me").field("id");
        ApiClient.Response metadata = server.newAccount().get("/user-metadata/" + id);
        assertEquals(200, metadata.status(), metadata.toString());
        // 994 is India's region; 213 is a city (Moscow), which has no country code of its own.
        JsonNode expected = Json.parseObject("""
                {"id": "%s", "country": "IN", "languages": ["EN", "FR"], "adult_allowed": true,
                 "attributes": {"country_by_phone": "IN", "client_type": "TOLOKA_APP", "user_agent_type": "OTHER",
                                "device_category": "SMARTPHONE", "os_family": "ANDROID", "os_version": 10.1,
                                "os_version_major": 10, "os_version_minor": 1, "os_version_bugfix": 0}}
                """.formatted(id));
        assertEquals(expected, metadata.json());
    }

    @Test
    void aWorkerWhoStatedNothingHasBareMetadata() {
        String id = server.newWorker(Json.object()).get("/worker/me").field("id");
        assertEquals(Json.parseObject("{\"id\": \"" + id + "\", \"attributes\": {}}"),
                server.newAccount().get("/user-metadata/" + id).json());
    }

    @Test
    void anUnknownWorkerDoesNotExist() {
        ApiClient api = server.newAccount();
        assertEquals("DOES_NOT_EXIST", api.get("/user-metadata/0123456789abcdef0123456789abcdef").code());
        assertEquals(404, api.get("/user-metadata/not-a-worker").status());
    }
}

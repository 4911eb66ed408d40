package dev.artel.requester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /requester: the caller's own account, as RequesterViewV1. */
class RequesterTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void answersIdPublicNameCompanyAndBalance() {
        ApiClient api = server.newAccount();

        ApiClient.Response got = api.get("/requester");

        assertEquals(200, got.status(), got.toString());
        JsonNode requester = got.json();
        assertTrue(requester.path("id").isTextual() && !requester.path("id").asText().isEmpty(), got.toString());
        assertTrue(requester.path("public_name").isObject() && requester.path("public_name").size() > 0,
                got.toString());
        requester.path("public_name").forEach(name -> assertTrue(name.isTextual(), got.toString()));
        assertTrue(requester.path("company").path("id").isTextual(), got.toString());
        assertTrue(requester.path("balance").isNumber(), got.toString());
    }

    @Test
    void eachAccountSeesItself() {
        assertNotEquals(server.newAccount().get("/requester").field("id"),
                server.newAccount().get("/requester").field("id"));
    }
}

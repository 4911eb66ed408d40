package dev.artel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quality-control collectors are keyed by uuid: kept when sent, assigned when blank (toloka-kit blanks them). */
class CollectorUuidTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String collectorUuid(ApiClient.Response pool) {
        return pool.json().at("/quality_control/configs/0/collector_config/uuid").asText();
    }

    @Test
    void sentUuidIsKeptAndClonesShareIt() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(api.post("/projects", Fixtures.project()).field("id"));
        ApiClient.Response created = api.post("/pools", form);
        String sent = form.at("/quality_control/configs/0/collector_config/uuid").asText();
        assertEquals(sent, collectorUuid(created));

        String cloneOp = api.post("/pools/" + created.field("id") + "/clone").field("id");
        String cloneId = api.get("/operations/" + cloneOp).json().at("/details/pool_id").asText();
        assertEquals(sent, collectorUuid(api.get("/pools/" + cloneId)));
    }

    @Test
    void blankUuidGetsAFreshOneOnCreateAndUpdate() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(api.post("/projects", Fixtures.project()).field("id"));
        ((ObjectNode) form.at("/quality_control/configs/0/collector_config")).remove("uuid");

        ApiClient.Response created = api.post("/pools", form);
        String assigned = collectorUuid(created);
        UUID.fromString(assigned);
        assertEquals(assigned, collectorUuid(api.get("/pools/" + created.field("id"))), "the assigned uuid is stored");

        ApiClient.Response updated = api.put("/pools/" + created.field("id"), form);
        assertEquals(200, updated.status(), updated.toString());
        UUID.fromString(collectorUuid(updated));
        assertNotEquals(assigned, collectorUuid(updated), "a blanked collector is a new collector");
    }
}

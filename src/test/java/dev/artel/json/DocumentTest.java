package dev.artel.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTest {
    private static String written(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.write(out, value);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ObjectNode server() {
        ObjectNode fields = Json.object();
        fields.put("id", "7");
        fields.set("owner", Json.object().put("myself", true));
        return fields;
    }

    @Test
    void serverFieldsComeFirstAndTheDocumentFollowsUnchanged() throws Exception {
        ObjectNode tree = (ObjectNode) Json.parse("{\"reward\":0.10,\"meta\":{\"k\":[\"v\"]}}");
        Document doc = Document.of(tree);
        String text = written(doc.behind(server()));
        assertEquals("{\"id\":\"7\",\"owner\":{\"myself\":true},\"reward\":0.10,\"meta\":{\"k\":[\"v\"]}}", text);
        assertEquals(tree, ((ObjectNode) Json.parse(text)).without(List.of("id", "owner")));
    }

    @Test
    void anEmptyDocumentOrNoServerFieldsLeaveNoStrayComma() {
        assertEquals("{\"id\":\"7\",\"owner\":{\"myself\":true}}", written(Document.stored("{}", "test", 1).behind(server())));
        assertEquals("{\"a\":1}", written(Document.stored("{\"a\":1}", "test", 1).behind(Json.object())));
    }

    @Test
    void viewsInAListAreSeparatedByTheGenerator() {
        Document doc = Document.stored("{\"a\":1}", "test", 1);
        assertEquals("{\"items\":[{\"id\":\"7\",\"owner\":{\"myself\":true},\"a\":1},{\"a\":1}],\"has_more\":false}",
                written(new Page<>(List.of(doc.behind(server()), doc.behind(Json.object())), false)));
    }
}

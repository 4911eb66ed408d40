package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tokens are kept only as SHA-256 digests: no stored value anywhere holds a token or a piece of one. */
class TokenStorageTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void noTableHoldsAPlainToken() throws Exception {
        List<ApiClient> accounts = List.of(server.newAccount(), server.newAccount(), server.newAccount());
        for (ApiClient account : accounts) {
            // The tokens work, so they are the real ones and the digests below are theirs.
            assertEquals(200, account.get("/requester").status());
        }
        StringBuilder everything = new StringBuilder();
        try (Connection c = server.artel().database().dataSource().getConnection();
             Statement st = c.createStatement()) {
            for (String table : AccountSnapshot.tables(c)) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        String stored = everything.toString();
        for (ApiClient account : accounts) {
            String token = account.token();
            // Any 12 characters of a token would narrow a brute-force search; none may be stored.
            for (int i = 0; i + 12 <= token.length(); i++) {
                assertFalse(stored.contains(token.substring(i, i + 12)), "a piece of a token is stored");
            }
            assertTrue(stored.toLowerCase(Locale.ROOT).contains(sha256(token)), "the token's digest is stored");
        }
    }

    private static String sha256(String token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}

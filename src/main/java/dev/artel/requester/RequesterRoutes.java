package dev.artel.requester;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.account.Account;
import dev.artel.account.AccountService;
import dev.artel.http.Authenticator;
import dev.artel.http.Principal;
import dev.artel.http.RouteTable;
import dev.artel.json.Json;

/** GET /requester: the caller's own account as RequesterViewV1. */
public final class RequesterRoutes {
    private final AccountService accounts;

    public RequesterRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Requester tokens, as Toloka takes them: {@code OAuth <token>} or {@code ApiKey <key>}. */
    public static Authenticator authenticator(AccountService accounts) {
        return Authenticator.tokens(token -> accounts.authenticate(token).map(a -> Principal.requester(a.id())),
                "OAuth <token>", "ApiKey <key>");
    }

    public void register(RouteTable routes) {
        routes.on("getRequesterInfo", req -> req.ok(view(accounts.get(req.account()))));
    }

    private static ObjectNode view(Account account) {
        ObjectNode out = Json.object();
        out.put("id", account.id());
        out.put("balance", account.balance());
        ObjectNode name = out.putObject("public_name");
        name.put("EN", account.name());
        ObjectNode company = out.putObject("company");
        company.put("id", account.id());
        company.put("superintendent_id", account.id());
        return out;
    }
}

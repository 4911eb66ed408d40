package dev.artel.requester;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.account.Account;
import dev.artel.account.AccountService;
import dev.artel.http.RouteTable;
import dev.artel.json.Json;

/** GET /requester: the caller's own account as RequesterViewV1. */
public final class RequesterRoutes {
    private final AccountService accounts;

    public RequesterRoutes(AccountService accounts) {
        this.accounts = accounts;
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

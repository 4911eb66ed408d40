package dev.artel.account;

import java.math.BigDecimal;

/** A requester account: the owner of projects, pools and operations, and the unit of rate limiting. */
public record Account(String id, String name, long created, BigDecimal balance) {
}

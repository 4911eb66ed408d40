package dev.artel.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something to do at a time: {@code due}, in epoch milliseconds of the injected clock. A timer is named by its
 * {@code kind} (which handler runs it) and a {@code key} unique within the kind (an assignment id, say), so that
 * scheduling the same kind and key again replaces it. {@code accountId} and {@code payload} may be null.
 */
public record Timer(String kind, String key, String accountId, long due, ObjectNode payload) {
}

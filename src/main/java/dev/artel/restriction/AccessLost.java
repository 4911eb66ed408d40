package dev.artel.restriction;

import dev.artel.storage.Handle;
import java.util.List;

/**
 * What else happens when a requester's restriction takes pools from a worker who had access to them: their
 * USERS_ASSESSMENT rules (quality/rules). Run in the restriction's transaction.
 */
public interface AccessLost {
    /** {@code poolIds}: the owner's pools the worker has assignments in and has just lost. */
    void lost(Handle h, String workerId, List<Long> poolIds);
}

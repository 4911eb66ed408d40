package dev.artel.userskill;

import dev.artel.storage.Handle;
import java.util.List;

/**
 * What else happens when a worker's value of a requester's skill changes: the pools whose filter no longer admits
 * the worker run their USERS_ASSESSMENT rules (quality/rules). Both calls run in the change's transaction.
 */
public interface SkillChange {
    SkillChange NONE = new SkillChange() {
        @Override
        public List<Long> admitting(Handle h, String accountId, String workerId) {
            return List.of();
        }

        @Override
        public void changed(Handle h, String accountId, String workerId, long skillId, List<Long> before) {
        }
    };

    /** Before the change: the owner's pools that may care, and admit the worker now. */
    List<Long> admitting(Handle h, String accountId, String workerId);

    /** After the change: for those of {@code before} that no longer admit the worker. */
    void changed(Handle h, String accountId, String workerId, long skillId, List<Long> before);
}

package dev.artel.schedule;

import dev.artel.storage.Handle;

/**
 * Runs one kind of timer. It runs inside the transaction that deletes the timer, so its writes and the timer's
 * removal commit together, or, when it throws, roll back together and leave the timer due. It may schedule
 * further timers on {@code h}, its own kind and key included.
 */
@FunctionalInterface
public interface TimerHandler {
    void fire(Handle h, Timer timer);
}

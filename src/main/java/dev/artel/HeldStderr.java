package dev.artel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard error while Artel starts. What others write there meanwhile (Jetty's and the pool's start-up lines,
 * a driver's warning, a worker's stack trace when the database does not open) is held back: passed on once the
 * start has succeeded, dropped if it fails, so that the one line saying why is all the operator reads. Loggers
 * that look up {@code System.err} on every write, and handlers that kept the stream, both write through this.
 */
final class HeldStderr extends OutputStream {
    private final PrintStream target;
    /** Null once released or dropped. */
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean dropped;

    private HeldStderr(PrintStream target) {
        this.target = target;
    }

    /** Puts a held stream in place of {@code System.err}. */
    static HeldStderr install() {
        HeldStderr held = new HeldStderr(System.err);
        System.setErr(new PrintStream(held, true));
        return held;
    }

    @Override
    public synchronized void write(int b) {
        if (held != null) {
            held.write(b);
        } else if (!dropped) {
            target.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (held != null) {
            held.write(bytes, offset, length);
        } else if (!dropped) {
            target.write(bytes, offset, length);
        }
    }

    @Override
    public synchronized void flush() {
        if (held == null && !dropped) {
            target.flush();
        }
    }

    /** Writes out what was held, and from now on passes everything straight through; after a drop, nothing. */
    synchronized void release() {
        if (held == null) {
            return;
        }
        target.write(held.toByteArray(), 0, held.size());
        target.flush();
        held = null;
    }

    /** Forgets what was held, and everything written from now on: the process is about to exit. */
    synchronized void drop() {
        held = null;
        dropped = true;
    }
}

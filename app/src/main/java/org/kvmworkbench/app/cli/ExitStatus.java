package org.kvmworkbench.app.cli;

/**
 * The process exit statuses of every command. 0, 3, 4 and 5 come from how the run ended
 * ({@link org.kvmworkbench.core.session.RunOutcome#exitStatus()}); the others are decided here.
 */
public final class ExitStatus {
    /** The guest halted, or a command finished. */
    public static final int OK = 0;
    /** A bad command line, a bad config or a refused --trace target: nothing was run. */
    public static final int USAGE = 2;
    /** The requested backend is unavailable. */
    public static final int BACKEND_UNAVAILABLE = 6;
    /** The run finished but its --trace could not be written (the target is left as it was). */
    public static final int TRACE_FAILED = 7;

    private ExitStatus() {
    }
}

package org.kvmworkbench.app.cli;

/** A bad command line: the message is the one line shown after "error: ", naming the option and what it allows. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}

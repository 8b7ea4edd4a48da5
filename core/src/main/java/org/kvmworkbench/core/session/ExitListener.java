package org.kvmworkbench.core.session;

import org.kvmworkbench.core.exit.ExitRecord;

/** Called on the vCPU thread for every exit; implementations hand work to their own thread if they need to. */
@FunctionalInterface
public interface ExitListener {
    void onExit(ExitRecord exit);
}

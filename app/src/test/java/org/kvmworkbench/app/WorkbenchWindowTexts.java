package org.kvmworkbench.app;

import org.kvmworkbench.app.i18n.Texts;

/** The window's bundle, for tests in other packages. */
public final class WorkbenchWindowTexts {
    private WorkbenchWindowTexts() {
    }

    public static Texts texts() {
        return Texts.of(WorkbenchWindow.class);
    }
}

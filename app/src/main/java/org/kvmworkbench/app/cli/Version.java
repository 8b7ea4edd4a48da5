package org.kvmworkbench.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Maven project version, written into version.properties when the jar is built. */
public final class Version {
    static final String RESOURCE = "/org/kvmworkbench/app/version.properties";

    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) return v.strip();
            }
        } catch (IOException e) {
            // fall through
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : org.kvmworkbench.app.i18n.Texts.of(Version.class).get("unknown");
    }
}

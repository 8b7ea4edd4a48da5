package org.kvmworkbench.kvm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.kvmworkbench.core.i18n.Errno;
import org.kvmworkbench.core.i18n.Messages;
import org.kvmworkbench.kvm.sys.LibC;

/** Can this machine run guests on KVM? Opens the device, checks the API version and creates (and drops) a VM. */
public final class KvmProbe {
    private static final Messages M = Messages.of(KvmProbe.class);

    public enum Reason {
        AVAILABLE, MISSING, PERMISSION_DENIED, OPEN_FAILED, NOT_KVM, API_VERSION_MISMATCH, VM_CREATE_FAILED,
        NATIVE_ACCESS_FAILED;

        /** What it means, in the language of {@link Messages}: English unless the window chose another. */
        public String meaning() {
            return M.get("reason." + name());
        }

        /** The English words, whatever the language: what {@link Result#describe()} said when it was made. */
        String english() {
            return M.english("reason." + name());
        }
    }

    /**
     * A line {@link Result#describe()} made earlier (maybe inside a longer text), with a reason's English words, if
     * it begins with them, in the current language (an errno in its detail too): the backend badge says it again
     * after a language switch.
     */
    public static String inCurrentLanguage(String describe) {
        for (Reason r : Reason.values()) {
            String en = r.english();
            if (describe.startsWith(en)) return r.meaning() + Errno.inCurrentLanguage(describe.substring(en.length()));
        }
        return describe;
    }

    /** @param detail the errno text or other specifics, may be empty */
    public record Result(Reason reason, HostVirtualization host, String detail) {
        public boolean available() {
            return reason == Reason.AVAILABLE;
        }

        /**
         * One line for the user, in English (the CLI prints it; the window says it again with
         * {@link KvmProbe#inCurrentLanguage}), e.g. "KVM is usable (PVM)" or "no KVM device ...: /dev/kvm".
         */
        public String describe() {
            String what = available() ? reason.english() + " (" + host.technology() + ")" : reason.english();
            return detail.isEmpty() ? what : what + ": " + detail;
        }
    }

    private KvmProbe() {
    }

    public static Result probe() {
        return probe(Path.of(Kvm.DEVICE));
    }

    public static Result probe(Path device) {
        HostVirtualization host = HostVirtualization.detect();
        if (!Files.exists(device)) return new Result(Reason.MISSING, host, device.toString());
        try (Kvm kvm = Kvm.open(device.toString())) {
            kvm.createVm().close();
            return new Result(Reason.AVAILABLE, host, "");
        } catch (KvmException e) {
            return new Result(classify(e), host, e.getMessage());
        } catch (LinkageError e) {
            return new Result(Reason.NATIVE_ACCESS_FAILED, host, String.valueOf(e.getMessage()));
        }
    }

    private static Reason classify(KvmException e) {
        if (e.operation().startsWith("open")) {
            if (e.errno() == LibC.EACCES || e.errno() == LibC.EPERM) return Reason.PERMISSION_DENIED;
            if (e.errno() == LibC.ENOENT || e.errno() == LibC.ENODEV || e.errno() == LibC.ENXIO) return Reason.MISSING;
            return Reason.OPEN_FAILED;
        }
        if (e.operation().equals("KVM_GET_API_VERSION")) {
            return e.errno() == 0 ? Reason.API_VERSION_MISMATCH : Reason.NOT_KVM;
        }
        return Reason.VM_CREATE_FAILED;
    }
}

package org.kvmworkbench.kvm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.kvmworkbench.kvm.sys.LibC;

/** Can this machine run guests on KVM? Opens the device, checks the API version and creates (and drops) a VM. */
public final class KvmProbe {
    public enum Reason {
        AVAILABLE("KVM is usable"),
        MISSING("no KVM device (is the kvm module loaded? is this a VM without nested virtualization?)"),
        PERMISSION_DENIED("no permission to open the KVM device (join the 'kvm' group or run as root)"),
        OPEN_FAILED("the KVM device cannot be opened"),
        NOT_KVM("the device does not answer KVM_GET_API_VERSION: not a KVM device"),
        API_VERSION_MISMATCH("KVM speaks another API version than 12"),
        VM_CREATE_FAILED("KVM refused to create a VM"),
        NATIVE_ACCESS_FAILED("libc cannot be called through JNA");

        private final String meaning;

        Reason(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** @param detail the errno text or other specifics, may be empty */
    public record Result(Reason reason, HostVirtualization host, String detail) {
        public boolean available() {
            return reason == Reason.AVAILABLE;
        }

        /** One line for the user, e.g. "KVM is usable (PVM)" or "no KVM device ...: /dev/kvm". */
        public String describe() {
            String what = available() ? reason.meaning() + " (" + host.technology() + ")" : reason.meaning();
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

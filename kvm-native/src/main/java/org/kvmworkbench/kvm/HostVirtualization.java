package org.kvmworkbench.kvm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.kvmworkbench.core.backend.BackendInfo;

/**
 * Which technology the host's KVM uses, told by the vendor module that is loaded (/sys/module/NAME).
 * PVM ("Pagetable-based Virtual Machine", module kvm_pvm) runs guests without VMX or SVM: there is no VMCS or
 * VMCB, and real-mode guests run in KVM's instruction emulator.
 */
public enum HostVirtualization {
    PVM("kvm_pvm", "PVM", "none (PVM has no VMCS)", "none (no VMX/SVM; real mode runs in KVM's emulator)"),
    VMX("kvm_intel", "VMX", "VMCS", "VMLAUNCH/VMRESUME"),
    SVM("kvm_amd", "SVM", "VMCB", "VMRUN"),
    UNKNOWN("", "unknown", "unknown", "unknown");

    private final String module;
    private final String technology;
    private final String controlBlock;
    private final String entryInstruction;

    HostVirtualization(String module, String technology, String controlBlock, String entryInstruction) {
        this.module = module;
        this.technology = technology;
        this.controlBlock = controlBlock;
        this.entryInstruction = entryInstruction;
    }

    public static HostVirtualization detect() {
        return detect(Path.of("/sys/module"));
    }

    static HostVirtualization detect(Path sysModule) {
        for (HostVirtualization h : values()) {
            if (!h.module.isEmpty() && Files.isDirectory(sysModule.resolve(h.module))) return h;
        }
        return UNKNOWN;
    }

    public String module() {
        return module;
    }

    public String technology() {
        return technology;
    }

    public BackendInfo backendInfo(String why) {
        return new BackendInfo("kvm", technology, controlBlock, entryInstruction, why);
    }
}

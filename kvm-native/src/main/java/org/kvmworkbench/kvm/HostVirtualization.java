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

    /**
     * Whether this SVM host's KVM uses NRIPS (next-RIP saving: the VMCB's nRIP field, CPUID 0x8000000A EDX bit 3,
     * AMD APM Vol. 2 15.7.1): kvm_amd's nrips parameter, else the "nrip_save" flag of /proc/cpuinfo; null when not
     * SVM or unknown. Without it KVM runs its instruction emulator on CPUID, HLT, RDMSR/WRMSR to find the next RIP.
     */
    public Boolean svmNextRipSaving() {
        return this == SVM ? svmNextRipSaving(Path.of("/sys/module/kvm_amd/parameters/nrips"), Path.of("/proc/cpuinfo")) : null;
    }

    static Boolean svmNextRipSaving(Path parameter, Path cpuinfo) {
        try {
            String v = Files.readString(parameter).trim();
            if (v.equals("Y") || v.equals("1")) return Boolean.TRUE;
            if (v.equals("N") || v.equals("0")) return Boolean.FALSE;
        } catch (java.io.IOException | RuntimeException e) {
            // no parameter (older kvm_amd): ask the CPU flags
        }
        try (java.util.stream.Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> java.util.Arrays.asList(l.split("[\\s:]+")).contains("nrip_save")).orElse(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
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

package org.kvmworkbench.core.backend;

/**
 * What the app says about the backend in use: which technology the exits are named after, and why
 * this backend was chosen (e.g. the reason KVM was not usable).
 *
 * @param technology "VMX", "SVM", "PVM" or "simulated VMX"
 * @param controlBlock "VMCS", "VMCB" or "none (PVM has no VMCS)"
 * @param entryInstruction "VMRESUME", "VMRUN", ...
 */
public record BackendInfo(String name, String technology, String controlBlock, String entryInstruction,
                          String why) {
    public static BackendInfo simulated(String why) {
        return new BackendInfo("simulated", "simulated Intel VMX", "VMCS (modeled)", "VMRESUME (modeled)", why);
    }

    public boolean simulated() {
        return name.equals("simulated");
    }
}

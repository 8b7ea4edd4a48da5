package org.kvmworkbench.app.view;

import java.util.Locale;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;

/**
 * What runs at each stage of an exit path on this host. Core's {@link PathStep#handler()} names Linux's VMX
 * code (vmx.c, exit reasons, VMRESUME); on an AMD host the same stage runs SVM code (svm.c: svm_handle_exit and
 * svm_exit_handlers[], #VMEXIT codes, VMRUN), and on PVM there is no VM exit at all: real-mode guest code is run
 * by KVM's instruction emulator (arch/x86/kvm/emulate.c) in the kernel. Names follow the project's KVM exit-path
 * primer; stages whose core text is not VMX-specific keep it. The words are in {@code HostHandlers.properties}
 * (keyed {@code <host>.<EXIT_PATH>.<STAGE>}; the vmx.* texts are core's {@link PathStep#handler()}, which a test
 * keeps equal), so that they can be translated around the function names.
 */
public final class HostHandlers {
    private static final Texts TEXTS = Texts.of(HostHandlers.class);

    private HostHandlers() {
    }

    /** The handler text for {@code stage} of {@code path} on this host, or null if the path has no such stage. */
    public static String handler(ExitPath path, Stage stage, BackendInfo info) {
        return handler(path, stage, HostKind.of(info));
    }

    public static String handler(ExitPath path, Stage stage, HostKind host) {
        PathStep step = StageNotes.step(path, stage);
        if (step == null) return null;
        if (InterruptStageNotes.covers(path)) { // the way back: its own bundle, core's text where the host adds none
            String h = InterruptStageNotes.handler(path, stage, host);
            return h != null ? h : step.handler();
        }
        String key = path + "." + stage;
        String specific = host.name().toLowerCase(Locale.ROOT) + "." + key;
        return TEXTS.get(TEXTS.has(specific) ? specific : "vmx." + key);
    }

    /** The #VMEXIT code an AMD host reports for this kind of exit, e.g. "SVM_EXIT_IOIO (0x07b)", or null. */
    static String svmCode(ExitPath p) {
        return switch (p) {
            case USERSPACE_PIO, KERNEL_IOEVENTFD -> "SVM_EXIT_IOIO (0x07b)";
            case USERSPACE_MMIO, KERNEL_MMIO_IOEVENTFD -> "SVM_EXIT_NPF (0x400)";
            case USERSPACE_HLT, USERSPACE_HLT_FINAL, KERNEL_HLT -> "SVM_EXIT_HLT (0x078)";
            case USERSPACE_SHUTDOWN -> "SVM_EXIT_SHUTDOWN (0x07f)";
            case KERNEL_CPUID -> "SVM_EXIT_CPUID (0x072)";
            case KERNEL_MSR -> "SVM_EXIT_MSR (0x07c)";
            case KERNEL_HYPERCALL -> "SVM_EXIT_VMMCALL (0x081)";
            case KERNEL_RDTSC -> "SVM_EXIT_RDTSC (0x06e)";
            case KERNEL_EXCEPTION -> TEXTS.get("svmCode.KERNEL_EXCEPTION");
            case KERNEL_CR_ACCESS -> TEXTS.get("svmCode.KERNEL_CR_ACCESS");
            case KERNEL_DR_ACCESS -> TEXTS.get("svmCode.KERNEL_DR_ACCESS");
            case KERNEL_PIO_DEVICE -> "SVM_EXIT_IOIO (0x07b)";
            case KERNEL_EXTERNAL_INTERRUPT -> "SVM_EXIT_INTR (0x060)";
            case KERNEL_INTERRUPT_WINDOW -> "SVM_EXIT_VINTR (0x064)";
            default -> null;
        };
    }
}

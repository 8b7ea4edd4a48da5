package org.kvmworkbench.app.view;

import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.Stage;

/**
 * The teaching notes of the way back into the guest: the in-kernel 8259A/8254 ports, the external-interrupt exit,
 * the interrupt window and the injection at VM entry. The words live in InterruptStageNotes(_zh_CN).properties:
 * {@code PATH.STAGE} for every host, {@code PATH.STAGE.vmx|svm|pvm} where the host changes them, and
 * {@code handler.PATH.STAGE.svm|pvm} for what runs there on AMD and PVM hosts. Numbers and names follow the
 * project's KVM interrupt-path primer.
 */
final class InterruptStageNotes {
    private static final Texts TEXTS = Texts.of(InterruptStageNotes.class);

    static final String SDM_INTERRUPTS = "Intel SDM Vol. 3C §25.6, VM-Execution Control Fields (external-interrupt "
            + "exiting, interrupt-window exiting); §24.8.3, VM-Entry Controls for Event Injection (field 0x4016)";
    static final String APM_INTERRUPTS = "AMD64 APM Vol. 2 ch. 15, Secure Virtual Machine: interrupt intercepts "
            + "(INTR, VINTR) and event injection (EVENTINJ)";
    static final String LINUX_IRQ = "Linux arch/x86/kvm/i8259.c (pic_ioport_write, kvm_pic_read_irq), i8254.c, "
            + "x86.c (vcpu_enter_guest, kvm_check_and_inject_events)";
    static final String API_IRQ = "Documentation/virt/kvm/api.rst: \"KVM_CREATE_IRQCHIP\", \"KVM_IRQ_LINE\", "
            + "\"KVM_IRQFD\"";
    static final String PIC_DATASHEET = "Intel 8259A Programmable Interrupt Controller datasheet (ICW/OCW, EOI)";

    private InterruptStageNotes() {
    }

    static boolean covers(ExitPath p) {
        return p == ExitPath.KERNEL_PIO_DEVICE || p == ExitPath.KERNEL_EXTERNAL_INTERRUPT
                || p == ExitPath.KERNEL_INTERRUPT_WINDOW || p == ExitPath.EVENT_INJECTION
                || p == ExitPath.EVENT_INJECTION_IRQ_LINE;
    }

    /** The note's text for {@code stage} of {@code path} on this host; adds its references. */
    static String text(ExitPath path, Stage stage, HostKind host, List<String> refs) {
        refs.add(switch (host) {
            case VMX -> SDM_INTERRUPTS;
            case SVM -> APM_INTERRUPTS;
            case PVM -> StageNotes.PVM;
        });
        refs.add(LINUX_IRQ);
        refs.add(path == ExitPath.KERNEL_PIO_DEVICE ? PIC_DATASHEET : API_IRQ);
        String key = path.name() + "." + stage.name();
        String hostText = find(key + "." + host.name().toLowerCase(java.util.Locale.ROOT));
        return hostText != null ? hostText : find(key);
    }

    /** What runs at the stage on an SVM or PVM host, or null where core's (host-neutral) handler text stands. */
    static String handler(ExitPath path, Stage stage, HostKind host) {
        if (host == HostKind.VMX || !covers(path)) return null;
        return find("handler." + path.name() + "." + stage.name() + "." + host.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The exit panel's heading for an injection step, which is a VM entry, not an exit. */
    static String injectionTitle() {
        return TEXTS.get("exitPanel.injection.title");
    }

    /** The exit panel's result line for an injection step. */
    static String injectionResult() {
        return TEXTS.get("exitPanel.injection.result");
    }

    private static String find(String key) {
        String t = TEXTS.get(key);
        return t.startsWith("!") ? null : t;
    }
}

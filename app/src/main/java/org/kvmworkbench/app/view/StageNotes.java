package org.kvmworkbench.app.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.kvm.PathStep;
import org.kvmworkbench.core.kvm.Stage;
import org.kvmworkbench.core.vmx.VmxExitReason;

/**
 * Teaching text for each stage of each exit path: two to four plain sentences on what the CPU, KVM and the
 * VMM do at that stage and why, plus references (Intel SDM, Linux's KVM API document, the Linux handler).
 * Pure text, no JavaFX. The words live in {@code StageNotes.properties} (and {@code StageNotes_zh_CN.properties}),
 * keyed {@code <host>.<EXIT_PATH>.<STAGE>}; which references each note lists is language-neutral data in
 * {@code stage-note-references.properties}. Handler names and numbers follow the project's KVM exit-path primer.
 * <p>The wording follows the host ({@link HostKind}): Intel VMX (and the simulator, which models VMX) speaks of
 * VMX non-root, the VMCS and VMRESUME; AMD SVM of guest mode, the VMCB, #VMEXIT codes and VMRUN; PVM has no
 * VMX/SVM and no VMCS at all: real-mode guest code is run by KVM's instruction emulator in the kernel. An SVM or
 * PVM note that reads as on VMX is not repeated in the bundle: the lookup falls back to the VMX text.
 */
public final class StageNotes {
    private static final Texts TEXTS = Texts.of(StageNotes.class);
    private static final Properties REFERENCES = load("stage-note-references.properties");

    /** The reference describing the PVM host, in the current language. */
    static String pvmReference() {
        return TEXTS.get("ref.pvm");
    }

    /** The key idea (simulated VMX), in the current language. */
    public static String keyMessage() {
        return TEXTS.get("key.vmx");
    }

    /** The key idea in this host's words (null: simulated VMX). */
    public static String keyMessage(BackendInfo info) {
        return TEXTS.get("key." + host(HostKind.of(info)));
    }

    /**
     * @param title      a short heading for the stage
     * @param text       two to four sentences for students
     * @param handler    what runs at this stage on this path ({@link PathStep#handler()})
     * @param references where to read more: SDM sections, Documentation/virt/kvm/api.rst, Linux source
     */
    public record Note(String title, String text, String handler, List<String> references) {
        public Note {
            references = List.copyOf(references);
        }
    }

    private StageNotes() {
    }

    /** The note for {@code stage} of {@code path}, in general terms; null if the path has no such stage. */
    public static Note of(ExitPath path, Stage stage) {
        return note(path, stage, null, HostKind.VMX);
    }

    /** The note for {@code stage} of {@code path} in this host's words (null info: simulated VMX); null if none. */
    public static Note of(ExitPath path, Stage stage, BackendInfo info) {
        return note(path, stage, null, HostKind.of(info));
    }

    /** The note for {@code stage} of this exit's path, naming its instruction, port or address; null if none. */
    public static Note of(ExitRecord r, Stage stage) {
        return note(r.path(), stage, r, HostKind.VMX);
    }

    /** As {@link #of(ExitRecord, Stage)}, in this host's words (null info: simulated VMX). */
    public static Note of(ExitRecord r, Stage stage, BackendInfo info) {
        return note(r.path(), stage, r, HostKind.of(info));
    }

    /** The path step for {@code stage}, or null. */
    public static PathStep step(ExitPath path, Stage stage) {
        for (PathStep s : path.steps()) if (s.stage() == stage) return s;
        return null;
    }

    /** 1-based position of {@code stage} in the path, or 0. */
    public static int position(ExitPath path, Stage stage) {
        List<PathStep> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).stage() == stage) return i + 1;
        return 0;
    }

    /** What this kind of exit costs in system calls, in one sentence. */
    public static String syscallSummary(ExitPath path) {
        return TEXTS.get("syscalls." + path);
    }

    /** The reference that names what runs at this stage ("On this path: handle_io …"), in the current language. */
    public static String onThisPath(String handler) {
        return TEXTS.format("onThisPath", handler);
    }

    static String title(Stage stage, HostKind host) {
        String specific = "title." + host(host) + "." + stage;
        return has(specific) ? TEXTS.get(specific) : TEXTS.get("title." + stage);
    }

    private static Note note(ExitPath path, Stage stage, ExitRecord r, HostKind host) {
        if (step(path, stage) == null) return null;
        if (InterruptStageNotes.covers(path)) { // the way back into the guest: its own bundle
            List<String> refs = new ArrayList<>();
            String text = InterruptStageNotes.text(path, stage, host, refs);
            String handler = HostHandlers.handler(path, stage, host);
            refs.add(onThisPath(handler));
            return new Note(title(stage, host), text, handler, refs);
        }
        String key = path + "." + stage;
        String ids = REFERENCES.getProperty(host(host) + "." + key);
        if (ids == null) return null;
        String hostKey = has(host(host) + "." + key) ? host(host) + "." + key : "vmx." + key;
        String reason = reason(r);
        String pattern = reason != null && has(hostKey + ".reason") ? hostKey + ".reason" : hostKey;
        String text = TEXTS.format(pattern, instruction(r), port(r), address(r), vector(r), svmCode(r, path), reason);
        List<String> refs = new ArrayList<>();
        for (String id : ids.split(",")) refs.add(TEXTS.get("ref." + id));
        String handler = HostHandlers.handler(path, stage, host);
        refs.add(onThisPath(handler));
        return new Note(title(stage, host), text, handler, refs);
    }

    // ---- the names put into a note: from the exit record where there is one, general words otherwise

    private static String instruction(ExitRecord r) {
        String i = r == null || r.instruction() == null || r.instruction().isBlank() ? null : r.instruction().trim();
        return i == null ? TEXTS.get("ctx.insn.general") : TEXTS.format("ctx.insn.named", i);
    }

    private static String port(ExitRecord r) {
        Access a = r == null ? null : r.access();
        return a != null && a.kind() == Access.Kind.PIO
                ? TEXTS.format("ctx.port.named", QualificationLayout.hex(a.address(), 0)) : TEXTS.get("ctx.port.general");
    }

    private static String address(ExitRecord r) {
        Access a = r == null ? null : r.access();
        if (a != null && a.kind() == Access.Kind.MMIO) return QualificationLayout.hex(a.address(), 0);
        return r != null && r.guestPhysical() >= 0 ? QualificationLayout.hex(r.guestPhysical(), 0)
                : TEXTS.get("ctx.address.general");
    }

    private static String vector(ExitRecord r) {
        return r != null && r.reason() == VmxExitReason.EXCEPTION_NMI
                ? QualificationLayout.vectorName(r.interruptionInfo() & 0xFF) : TEXTS.get("ctx.vector.general");
    }

    private static String svmCode(ExitRecord r, ExitPath p) {
        if (r != null && r.svm() != null && !r.svm().isBlank()) return r.svm().trim();
        String general = HostHandlers.svmCode(p);
        return general != null ? general : TEXTS.get("ctx.svm.general");
    }

    /** The exit reason as number and SDM name, in the current language. */
    private static String reason(ExitRecord r) {
        return r == null || r.reason() == null ? null
                : TEXTS.format("ctx.reason", r.reason().number(), ExitText.reasonName(r.reason()));
    }

    private static boolean has(String key) {
        return TEXTS.has(key);
    }

    private static String host(HostKind host) {
        return host.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Properties load(String name) {
        Properties p = new Properties();
        try (InputStream in = StageNotes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}

package org.kvmworkbench.app.view;

import java.util.ArrayList;
import java.util.List;

import org.kvmworkbench.app.i18n.Texts;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kvmworkbench.core.backend.ShadowedStep;
import org.kvmworkbench.core.cpu.Disassembler;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.memory.GuestMemory;

/**
 * The vCPU as a debugger shows it while the VM is paused: registers and flags (those the last step changed
 * highlighted) and the code around CS:IP, the next instruction marked. Fed the same way on both backends:
 * registers from {@code Vcpu.registers()} (KVM_GET_REGS/SREGS on KVM), bytes from guest RAM.
 */
public final class CpuView extends VBox {
    private static final Texts T = Texts.of(CpuView.class);
    /** Instructions listed before and after the one at CS:IP. */
    static final int BEFORE = 4, AFTER = 9;
    /** How far before CS:IP the listing looks for instruction boundaries. */
    static final int BACK_BYTES = 96;
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    private static final PseudoClass SET = PseudoClass.getPseudoClass("set");
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final String[] REGS = {"AX", "BX", "CX", "DX", "SI", "DI", "SP", "BP", "IP", "FLAGS",
            "CS", "DS", "ES", "SS", "FS", "GS"};
    /** The FLAGS bits a real-mode program sees, with their bit numbers (Intel SDM Vol. 1, 3.4.3, Figure 3-8). */
    private static final String[] FLAG_NAMES = {"CF", "PF", "AF", "ZF", "SF", "TF", "IF", "DF", "OF"};
    private static final int[] FLAG_BITS = {0, 2, 4, 6, 7, 8, 9, 10, 11};

    private final Label header = new Label(T.get("header"));
    private final ShadowedStepNote stepNote = new ShadowedStepNote();
    private final Label[] values = new Label[REGS.length];
    private final Label[] flags = new Label[FLAG_NAMES.length];
    private final VBox code = new VBox();
    private long[] previous;
    private long[] shown;

    public CpuView() {
        getStyleClass().add("cpu-view");
        getStylesheets().add(CpuView.class.getResource("CpuView.css").toExternalForm());
        header.getStyleClass().add("cpu-title");
        GridPane regs = new GridPane();
        regs.getStyleClass().add("cpu-regs");
        for (int i = 0; i < REGS.length; i++) {
            Label name = new Label(REGS[i]);
            name.getStyleClass().add("reg-name");
            values[i] = new Label("—");
            values[i].getStyleClass().add("reg-value");
            values[i].setMinWidth(Region.USE_PREF_SIZE);
            regs.add(name, (i % 4) * 2, i / 4);
            regs.add(values[i], (i % 4) * 2 + 1, i / 4);
        }
        FlowPane flagRow = new FlowPane();
        flagRow.getStyleClass().add("cpu-flags");
        for (int i = 0; i < flags.length; i++) {
            flags[i] = new Label(FLAG_NAMES[i]);
            flags[i].getStyleClass().add("flag");
            flagRow.getChildren().add(flags[i]);
        }
        code.getStyleClass().add("cpu-code");
        getChildren().addAll(header, stepNote, regs, flagRow, code);
    }

    /** Forget the last registers (a reset): nothing is marked changed on the next update. */
    public void clear() {
        previous = null;
        shown = null;
        stepNote.show(null);
        for (Label v : values) {
            v.setText("—");
            v.pseudoClassStateChanged(CHANGED, false);
        }
        code.getChildren().clear();
    }

    /** The registers now, and guest RAM to decode the code at CS:IP from. Changes are relative to the last update. */
    public void update(GuestRegisters r, GuestMemory memory) {
        long[] now = {r.rax(), r.rbx(), r.rcx(), r.rdx(), r.rsi(), r.rdi(), r.rsp(), r.rbp(), r.rip(), r.rflags(),
                r.cs(), r.ds(), r.es(), r.ss(), r.fs(), r.gs()};
        if (shown != null && java.util.Arrays.equals(now, shown)) return;
        previous = shown;
        shown = now;
        for (int i = 0; i < now.length; i++) {
            boolean wide = i < 10 && now[i] > 0xFFFF; // 32-bit values appear once a guest uses o32
            values[i].setText(String.format(wide ? "%08X" : "%04X", now[i]));
            values[i].pseudoClassStateChanged(CHANGED, previous != null && previous[i] != now[i]);
        }
        long oldFlags = previous == null ? now[9] : previous[9];
        for (int i = 0; i < flags.length; i++) {
            long bit = 1L << FLAG_BITS[i];
            flags[i].pseudoClassStateChanged(SET, (now[9] & bit) != 0);
            flags[i].pseudoClassStateChanged(CHANGED, ((now[9] ^ oldFlags) & bit) != 0);
        }
        showCode(((long) r.cs() << 4), r.rip() & 0xFFFF, memory);
    }

    /** After a step: the two instructions it ran when MOV SS/POP SS took the next one along, else null. */
    public void showShadowedStep(ShadowedStep step) {
        stepNote.show(step);
    }

    /** The note on the last step, "" when none is shown. For tests. */
    public String stepNote() {
        return stepNote.isVisible() ? stepNote.getText() : "";
    }

    private void showCode(long csBase, long ip, GuestMemory memory) {
        code.getChildren().clear();
        for (Line l : listing(csBase, ip, memory)) {
            Label row = new Label(String.format("%s %04X:%04X  %-13s %s", l.current ? "▶" : " ", csBase >> 4, l.ip,
                    l.bytes, l.text));
            row.getStyleClass().add("code-line");
            row.pseudoClassStateChanged(CURRENT, l.current);
            row.setMaxWidth(Double.MAX_VALUE);
            row.setMinWidth(Region.USE_PREF_SIZE);
            code.getChildren().add(row);
        }
    }

    record Line(long ip, String bytes, String text, boolean current) {
    }

    /**
     * The instructions around {@code ip}. Decoding cannot run backwards, and x86 code decoded from a wrong byte
     * soon falls into step with the real instructions, so the listing walks back from {@code ip} by consensus: every
     * address up to {@value #BACK_BYTES} bytes before it is tried as a start, each start whose decoding lands exactly
     * on {@code ip} votes for the instruction boundaries it passes, and each step back takes the predecessor (the
     * address whose instruction ends where the last one began) with the most votes. The real boundaries collect the
     * votes of every start that fell into step before them; a stray byte's decoding only its own few.
     */
    static List<Line> listing(long csBase, long ip, GuestMemory memory) {
        int window = (int) Math.min(ip, BACK_BYTES);
        int[] votes = new int[window + 1]; // votes[k]: starts passing the boundary ip - k
        int[] length = new int[window + 1]; // length[k]: the instruction at ip - k
        for (int k = 1; k <= window; k++) {
            int len = Disassembler.decode(memory, csBase + ip - k, (int) (ip - k)).length();
            length[k] = len;
        }
        for (int k = window; k >= 1; k--) {
            int at = k;
            while (at > 0 && length[at] > 0 && length[at] <= at) at -= length[at];
            if (at != 0) continue; // this start does not land on ip
            for (int b = k; b > 0; b -= length[b]) votes[b]++;
        }
        long start = ip;
        int at = 0;
        for (int n = 0; n < BEFORE; n++) {
            int best = -1;
            for (int k = at + 1; k <= window && k - at <= Disassembler.MAX_LENGTH; k++) {
                if (length[k] == k - at && votes[k] > 0 && (best < 0 || votes[k] > votes[best])) best = k;
            }
            if (best < 0) break;
            at = best;
            start = ip - at;
        }
        List<Line> out = new ArrayList<>();
        long p = start;
        int after = 0;
        while (after <= AFTER && p <= 0xFFFF) {
            Disassembler.Instruction in = Disassembler.decode(memory, csBase + p, (int) p);
            if (in.length() <= 0) break;
            StringBuilder bytes = new StringBuilder();
            for (int i = 0; i < in.length() && i < 5; i++) {
                long a = csBase + p + i;
                if (a >= memory.size()) break;
                bytes.append(String.format("%02X", memory.read8(a)));
            }
            if (in.length() > 5) bytes.append('…');
            out.add(new Line(p, bytes.toString(), in.text(), p == ip));
            if (p >= ip) after++;
            p += in.length();
        }
        return out;
    }

    /** Is register {@code name} (AX, IP, FLAGS, …) marked as changed by the last step? For tests. */
    public boolean changed(String name) {
        for (int i = 0; i < REGS.length; i++) if (REGS[i].equals(name)) return values[i].getPseudoClassStates().contains(CHANGED);
        throw new IllegalArgumentException(name);
    }

    /** The shown value of register {@code name}, for tests. */
    public String value(String name) {
        for (int i = 0; i < REGS.length; i++) if (REGS[i].equals(name)) return values[i].getText();
        throw new IllegalArgumentException(name);
    }

    /** The marked line of the listing ("▶ 0000:1003  B0 41  mov al, 0x41"), or "". */
    public String currentLine() {
        for (var n : code.getChildren()) {
            if (n.getPseudoClassStates().contains(CURRENT)) return ((Label) n).getText();
        }
        return "";
    }
}

package org.kvmworkbench.app.view;

import java.util.List;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.Access;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;

/**
 * The latest VM exit, decoded for a classroom: the basic exit reason as a headline, what an AMD host would
 * call the same event, whether the exit came back to userspace (the return of ioctl(KVM_RUN)) or was
 * finished inside KVM, the guest instruction and its access, and the exit qualification as a bit-field
 * diagram with the SDM section it follows.
 * <p>A pure view: call {@link #update} / {@link #clear} on the FX thread with immutable data; it never
 * touches a session or vCPU.
 */
public final class ExitPanel extends StackPane {
    private static final Texts T = Texts.of(ExitPanel.class);
    private static final PseudoClass USERSPACE = PseudoClass.getPseudoClass("userspace");
    private static final PseudoClass KERNEL = PseudoClass.getPseudoClass("kernel");
    private static final PseudoClass NO_EXIT = PseudoClass.getPseudoClass("no-exit");
    private static final PseudoClass ALONE = PseudoClass.getPseudoClass("alone");

    private final VBox empty = new VBox();
    private final VBox content = new VBox();

    private final Label eyebrow = new Label();
    private final Label technology = new Label();
    private final Label number = new Label();
    private final Label dot = new Label("·");
    private final Label reasonName = new Label();
    private final Label svmTag = new Label(T.get("svm.other"));
    private final Label svm = new Label();
    private final HBox result = new HBox();
    private final Label resultIcon = new Label();
    private final Label resultMain = new Label();
    private final Label resultSub = new Label();

    /** One row per fact (key, value); rows are HBoxes so a long value wraps instead of being cut. */
    private final VBox facts = new VBox();
    private final Label instruction = new Label();
    private final Label csIp = new Label();
    private final Label access = new Label();
    private final Label valueKey = new Label(T.get("value"));
    private final Label value = new Label();
    private final Label note = new Label();
    private final Label instructionKey = new Label(T.get("instruction"));
    private final Label csIpKey = new Label(T.get("csIp"));
    private final Label accessKey = new Label(T.get("access"));
    private final Label noteKey = new Label(T.get("note"));

    private final Label qualTitle = new Label();
    private final Label qualRaw = new Label();
    private final BitFieldDiagram diagram = new BitFieldDiagram();
    private final Label qualMessage = new Label();
    private final GridPane extras = new GridPane();
    private final Label reference = new Label();

    private ExitRecord shown;
    private List<QualificationLayout.Extra> shownExtras;

    public ExitPanel() {
        getStyleClass().add("exit-panel");
        getStylesheets().add(ExitPanel.class.getResource("ExitPanel.css").toExternalForm());

        Label emptyTitle = new Label(T.get("empty.title"));
        emptyTitle.getStyleClass().addAll("title-3", "empty-title");
        Label emptyText = new Label(T.get("empty.text"));
        emptyText.getStyleClass().add("empty-text");
        emptyText.setWrapText(true);
        empty.getChildren().addAll(emptyTitle, emptyText);
        empty.getStyleClass().add("empty");
        empty.setAlignment(Pos.CENTER);

        // header: eyebrow + backend, then the headline
        eyebrow.getStyleClass().add("eyebrow");
        technology.getStyleClass().add("chip");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(eyebrow, spacer, technology);
        top.setAlignment(Pos.CENTER_LEFT);

        number.getStyleClass().addAll("title-1", "headline-number");
        dot.getStyleClass().addAll("title-1", "headline-dot");
        reasonName.getStyleClass().addAll("title-1", "headline-name");
        reasonName.setWrapText(true);
        number.setMinWidth(Region.USE_PREF_SIZE);
        dot.setMinWidth(Region.USE_PREF_SIZE);
        HBox headline = new HBox(number, dot, reasonName);
        headline.getStyleClass().add("headline");
        headline.setAlignment(Pos.BASELINE_LEFT);

        svmTag.getStyleClass().add("svm-tag");
        svm.getStyleClass().add("svm-code");
        svmTag.setMinWidth(Region.USE_PREF_SIZE);
        HBox svmLine = new HBox(svmTag, svm);
        svmLine.getStyleClass().add("svm-line");
        svmLine.setAlignment(Pos.CENTER_LEFT);

        resultIcon.getStyleClass().add("result-icon");
        resultIcon.setMinWidth(Region.USE_PREF_SIZE);
        resultMain.getStyleClass().add("result-main");
        resultMain.setWrapText(true);
        resultSub.getStyleClass().add("result-sub");
        resultSub.setWrapText(true);
        VBox resultText = new VBox(resultMain, resultSub);
        resultText.getStyleClass().add("result-text");
        HBox.setHgrow(resultText, Priority.ALWAYS);
        result.getChildren().addAll(resultIcon, resultText);
        result.getStyleClass().add("result");
        result.setAlignment(Pos.CENTER_LEFT);

        // facts
        facts.getStyleClass().add("facts");
        instruction.getStyleClass().addAll("fact-value", "mono", "instruction");
        csIp.getStyleClass().addAll("fact-value", "mono");
        access.getStyleClass().addAll("fact-value");
        value.getStyleClass().addAll("fact-value", "mono");
        note.getStyleClass().addAll("fact-value", "note");
        for (Label l : List.of(access, value, note, instruction)) l.setWrapText(true);
        for (Label key : List.of(instructionKey, csIpKey, accessKey, valueKey, noteKey)) key.getStyleClass().add("fact-key");

        // qualification
        qualTitle.getStyleClass().addAll("title-4", "section-title");
        qualRaw.getStyleClass().addAll("mono", "qual-raw");
        HBox qualHead = new HBox(qualTitle, qualRaw);
        qualHead.getStyleClass().add("qual-head");
        qualHead.setAlignment(Pos.BASELINE_LEFT);
        qualMessage.getStyleClass().add("qual-message");
        qualMessage.setWrapText(true);
        extras.getStyleClass().add("extras");
        reference.getStyleClass().addAll("text-small", "reference");
        reference.setWrapText(true);
        VBox qualification = new VBox(qualHead, diagram, qualMessage, extras, reference);
        qualification.getStyleClass().add("qualification");

        content.getChildren().addAll(top, headline, svmLine, result, facts, qualification);
        content.getStyleClass().add("content");
        setAlignment(Pos.TOP_LEFT);
        getChildren().addAll(empty, content);
        clear();
    }

    private final HBox instructionRow = factRow(instructionKey, instruction), csIpRow = factRow(csIpKey, csIp),
            accessRow = factRow(accessKey, access), valueRow = factRow(valueKey, value), noteRow = factRow(noteKey, note);

    private static HBox factRow(Label key, Label val) {
        HBox.setHgrow(val, Priority.ALWAYS);
        val.setMaxWidth(Double.MAX_VALUE);
        HBox row = new HBox(key, val);
        row.getStyleClass().add("fact");
        row.setAlignment(Pos.BASELINE_LEFT);
        return row;
    }

    /** Show the fact rows that apply. */
    private void showFacts(boolean hasAccess, boolean hasValue, boolean hasNote) {
        List<HBox> rows = new java.util.ArrayList<>(List.of(instructionRow, csIpRow));
        if (hasAccess) rows.add(accessRow);
        if (hasValue) rows.add(valueRow);
        if (hasNote) rows.add(noteRow);
        if (!facts.getChildren().equals(rows)) facts.getChildren().setAll(rows);
    }

    /** Show nothing: the "no exit yet" placeholder. */
    public void clear() {
        shown = null;
        empty.setVisible(true);
        content.setVisible(false);
    }

    /** The record on display, or null. */
    public ExitRecord shown() {
        return shown;
    }

    /** Show {@code r} (null = {@link #clear}). {@code info} may be null when the backend is not known. */
    public void update(ExitRecord r, BackendInfo info) {
        update(r, info, false);
    }

    /** As {@link #update(ExitRecord, BackendInfo)}; {@code picked}: an older exit picked on the timeline, not the latest. */
    public void update(ExitRecord r, BackendInfo info, boolean picked) {
        if (r == null) {
            clear();
            return;
        }
        shown = r;
        empty.setVisible(false);
        content.setVisible(true);

        eyebrow.setText(T.format(picked ? "eyebrow.picked" : "eyebrow", r.seq()));
        technology.setText(info == null ? "" : ExitText.technology(info) + " · " + ExitText.controlBlock(info));
        technology.setVisible(info != null);

        boolean exit = r.reason() != null;
        boolean svmPrimary = exit && r.svmNative(); // an AMD host: its EXITCODE first, the VMX equivalent second
        number.setText(!exit ? "—" : svmPrimary ? ExitText.svmCode(r.hostReason()) : Integer.toString(r.reason().number()));
        reasonName.setText(!r.path().isVmExit() ? InterruptStageNotes.injectionTitle()
                : !exit ? T.get("noExit") : svmPrimary ? ExitText.svmName(r.hostReason()) : ExitText.reasonName(r.reason()));
        pseudoClassStateChanged(NO_EXIT, !exit);
        boolean onSvmHost = HostKind.of(info) == HostKind.SVM;
        svmTag.setText(T.get(svmPrimary ? "svm.vmx" : onSvmHost ? "svm.host" : "svm.other"));
        svm.setText(svmPrimary ? (r.reason() == null ? T.get("noExit") : r.reason().number() + " " + ExitText.reasonName(r.reason()))
                : r.svm() == null || r.svm().isEmpty() ? T.get("noVmexit") : r.svm());

        boolean userspace = r.kvmExit() != null;
        result.pseudoClassStateChanged(USERSPACE, userspace);
        result.pseudoClassStateChanged(KERNEL, !userspace && exit);
        resultIcon.setText(userspace ? "↩" : exit ? "✓" : "■");
        resultMain.setText(resultLine(r));
        resultSub.setText(resultDetail(r));

        instruction.setText(r.instruction() == null || r.instruction().isEmpty() ? "?" : r.instruction());
        csIp.setText(r.regs() == null ? "?" : r.regs().csIp());
        Access a = r.access();
        boolean hasNote = !r.note().isEmpty();
        showFacts(a != null, a != null && a.data().length > 0, hasNote);
        if (a != null) {
            access.setText(accessText(a));
            valueKey.setText(T.get(a.write() ? "value.written" : "value.read"));
            value.setText(valuesText(a));
        }
        note.setText(hasNote ? ExitText.note(r.note()) : "");

        showQualification(QualificationLayout.of(r));
    }

    private void showQualification(QualificationLayout.Layout q) {
        qualTitle.setText(q.fieldName());
        qualRaw.setText(q.hasDiagram() || q.raw() != 0 ? q.rawHex() : "");
        diagram.setFields(q.fields());
        diagram.setVisible(q.hasDiagram());
        diagram.setManaged(q.hasDiagram());
        qualMessage.setText(q.message());
        qualMessage.setVisible(!q.message().isEmpty());
        qualMessage.setManaged(!q.message().isEmpty());
        qualMessage.pseudoClassStateChanged(ALONE, !q.hasDiagram());
        reference.setText(q.reference());
        if (q.extras().equals(shownExtras)) return;
        shownExtras = q.extras();
        extras.getChildren().clear();
        int row = 0;
        for (QualificationLayout.Extra e : q.extras()) {
            Label k = new Label(e.label());
            k.getStyleClass().add("extra-key");
            Label v = new Label(e.value());
            v.getStyleClass().addAll("fact-value", "mono");
            Label f = new Label(e.vmcsField());
            f.getStyleClass().addAll("text-small", "vmcs-field");
            extras.addRow(row++, k, v, f);
        }
        extras.setVisible(row > 0);
        extras.setManaged(row > 0);
    }

    /** "ioctl(KVM_RUN) returned KVM_EXIT_IO (2)" or "finished in the kernel — no return to userspace". */
    static String resultLine(ExitRecord r) {
        if (r.kvmExit() != null)
            return T.format("result.returned", r.kvmExit().constantName(), r.kvmExit().number());
        if (!r.path().isVmExit()) return InterruptStageNotes.injectionResult();
        if (r.reason() == null) return T.get("result.noExit");
        return T.get("result.kernel");
    }

    /** One line under {@link #resultLine}: what it costs, and what happens next. */
    static String resultDetail(ExitRecord r) {
        ExitPath p = r.path();
        boolean stops = p == ExitPath.USERSPACE_HLT_FINAL || p == ExitPath.USERSPACE_SHUTDOWN
                || p == ExitPath.EMULATION_FAILURE;
        if (r.kvmExit() != null && stops)
            return T.format("detail.stops", r.kvmExit().number());
        if (r.kvmExit() != null)
            return T.format("detail.userspace", r.kvmExit().number());
        if (!r.path().isVmExit()) return StageNotes.syscallSummary(p);
        if (r.reason() == null) return T.get("detail.noExit");
        if (p == ExitPath.KERNEL_HLT) return T.get("detail.hlt");
        if (p == ExitPath.KERNEL_IOEVENTFD || p == ExitPath.KERNEL_MMIO_IOEVENTFD)
            return T.get("detail.ioeventfd");
        return T.get("detail.kernel");
    }

    /** "port 0x3F8 · 1 byte · OUT (guest → device)". */
    static String accessText(Access a) {
        String where = T.format(a.kind() == Access.Kind.PIO ? "access.port" : "access.gpa",
                QualificationLayout.hex(a.address(), 0));
        String size = (a.count() > 1 ? a.count() + " × " : "") + QualificationLayout.bytes(a.size());
        String dir = ExitText.direction(a);
        return where + " · " + size + " · " + dir + T.get(a.write() ? "access.toDevice" : "access.toGuest");
    }

    private static final int MAX_VALUES = 8;

    /** "0x48 'H'", or several values for string I/O. */
    static String valuesText(Access a) {
        long[] d = a.data();
        StringBuilder b = new StringBuilder();
        int n = Math.min(d.length, MAX_VALUES);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append("  ");
            b.append(QualificationLayout.hex(d[i], a.size() * 2));
            String ch = a.size() == 1 ? charText(d[i]) : "";
            if (!ch.isEmpty()) b.append(' ').append(ch);
        }
        if (d.length > n) b.append(T.format("more", d.length - n));
        return b.toString();
    }

    private static String charText(long v) {
        int c = (int) (v & 0xFF);
        if (c == '\r') return "'\\r'";
        if (c == '\n') return "'\\n'";
        if (c == '\t') return "'\\t'";
        if (c >= 0x20 && c < 0x7F) return "'" + (char) c + "'";
        return "";
    }
}

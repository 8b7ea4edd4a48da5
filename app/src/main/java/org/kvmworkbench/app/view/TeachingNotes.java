package org.kvmworkbench.app.view;

import java.util.List;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.backend.BackendInfo;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.Lane;
import org.kvmworkbench.core.kvm.Stage;

/**
 * A short explanation of one stage of an exit's path, for students: where it runs (guest, KVM, VMM), what
 * happens and why, what code runs there, and where to read more. The key idea (a VM exit is not a system
 * call) stays on screen with this exit's cost in system calls. Text comes from {@link StageNotes}, in the words
 * of the host's technology ({@link BackendInfo}: VMX or the simulator, SVM, or PVM); lane badges from {@link LaneNames}.
 * <p>A pure view: call {@link #update} on the FX thread; it never touches a session or vCPU.
 */
public final class TeachingNotes extends VBox {
    private static final Texts T = Texts.of(TeachingNotes.class);
    private static final PseudoClass GUEST = PseudoClass.getPseudoClass("guest");
    private static final PseudoClass KERNEL = PseudoClass.getPseudoClass("kernel");
    private static final PseudoClass USERSPACE = PseudoClass.getPseudoClass("userspace");

    private final Label lane = new Label();
    private final Label stepCount = new Label();
    private final Label title = new Label();
    private final Label body = new Label();
    private String shownHandler = "";
    private final Label handlerTag = new Label(T.get("runsHere"));
    private final Label handler = new Label();
    private final HBox handlerLine;
    private final Label keyTitle = new Label(T.get("keyIdea"));
    private final Label keyText = new Label(StageNotes.keyMessage());
    private final Label syscalls = new Label();
    private final VBox references = new VBox();
    private final Label referencesTitle = new Label(T.get("references"));
    private final VBox referenceList = new VBox();

    private ExitRecord shownRecord;
    private Stage shownStage;
    private BackendInfo shownInfo;

    public TeachingNotes() {
        getStyleClass().add("teaching-notes");
        getStylesheets().add(TeachingNotes.class.getResource("TeachingNotes.css").toExternalForm());

        lane.getStyleClass().add("lane");
        lane.setMinWidth(0); // a narrow notes column wraps the lane's name, never hides "Step n of m"
        lane.setWrapText(true);
        lane.setMinHeight(Region.USE_PREF_SIZE);
        stepCount.getStyleClass().add("step-count");
        stepCount.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, lane, spacer, stepCount);
        top.setAlignment(Pos.CENTER_LEFT);

        title.getStyleClass().addAll("title-3", "note-title");
        title.setWrapText(true);
        body.getStyleClass().add("body");
        body.setWrapText(true);
        body.setMinHeight(Region.USE_PREF_SIZE);

        handlerTag.getStyleClass().add("handler-tag");
        handlerTag.setMinWidth(Region.USE_PREF_SIZE);
        handler.getStyleClass().add("handler");
        handler.setWrapText(true);
        handlerLine = new HBox(handlerTag, handler);
        handlerLine.getStyleClass().add("handler-line");
        handlerLine.setAlignment(Pos.BASELINE_LEFT);

        keyTitle.getStyleClass().add("key-title");
        keyText.getStyleClass().add("key-text");
        keyText.setWrapText(true);
        keyText.setMinHeight(Region.USE_PREF_SIZE);
        syscalls.getStyleClass().add("syscalls");
        syscalls.setWrapText(true);
        VBox key = new VBox(keyTitle, keyText, syscalls);
        key.getStyleClass().add("key-idea");

        referencesTitle.getStyleClass().addAll("text-small", "references-title");
        referenceList.getStyleClass().add("reference-list");
        references.getChildren().addAll(referencesTitle, referenceList);
        references.getStyleClass().add("references");

        getChildren().addAll(top, title, body, handlerLine, key, references);
        clear();
    }

    /** No exit yet: only the key idea. */
    public void clear() {
        shownRecord = null;
        shownStage = null;
        setLane(null);
        stepCount.setText("");
        title.setText(T.get("idle.title"));
        body.setText(T.get("idle.body"));
        showHandler("");
        syscalls.setText("");
        syscalls.setVisible(false);
        syscalls.setManaged(false);
        setReferences(List.of());
    }

    /** Explain {@code stage} of {@code r}'s path on the simulated (Intel VMX) backend (null record: {@link #clear}). */
    public void update(ExitRecord r, Stage stage) {
        update(r, stage, null);
    }

    /**
     * Explain {@code stage} of {@code r}'s path in the words of {@code info}'s technology (null info: simulated
     * Intel VMX; null record: {@link #clear}).
     */
    public void update(ExitRecord r, Stage stage, BackendInfo info) {
        if (info != shownInfo) {
            shownInfo = info;
            keyText.setText(StageNotes.keyMessage(info));
            shownRecord = null; // re-word what is shown
        }
        if (r == null || r.path() == null) {
            clear();
            return;
        }
        if (r == shownRecord && stage == shownStage) return;
        shownRecord = r;
        shownStage = stage;
        syscalls.setText(StageNotes.syscallSummary(r.path()));
        syscalls.setVisible(true);
        syscalls.setManaged(true);
        StageNotes.Note n = stage == null ? null : StageNotes.of(r, stage, info);
        if (n == null) {
            setLane(stage == null ? null : stage.lane());
            stepCount.setText("");
            title.setText(stage == null ? T.get("pick.title") : T.get("notOnPath.title"));
            body.setText(stage == null ? T.get("pick.body") : T.format("notOnPath.body", StageNotes.title(stage, HostKind.of(info))));
            showHandler("");
            setReferences(List.of());
            return;
        }
        setLane(stage.lane());
        stepCount.setText(T.format("step", StageNotes.position(r.path(), stage), r.path().steps().size()));
        title.setText(n.title());
        body.setText(n.text());
        handlerTag.setText(switch (stage) {
            case KVM_HANDLER, KVM_EMULATOR, EVENTFD_SIGNAL, KVM_RUN_CALLED -> T.get("runsHere");
            default -> T.get("thisStep");
        });
        showHandler(n.handler());
        setReferences(n.references());
    }

    /** The stage on display, or null. */
    public Stage shownStage() {
        return shownStage;
    }

    /** "Step 3 of 7", or "" (for tests). */
    public String stepText() {
        return stepCount.getText();
    }

    /** The exit explained, or null (for tests). */
    public ExitRecord shownRecord() {
        return shownRecord;
    }

    /** The explanation text on display (for tests and accessibility). */
    public String text() {
        return body.getText();
    }

    private void setLane(Lane l) {
        lane.setText(l == null ? T.get("appName") : LaneNames.title(l, shownInfo));
        lane.pseudoClassStateChanged(GUEST, l == Lane.GUEST);
        lane.pseudoClassStateChanged(KERNEL, l == Lane.KERNEL);
        lane.pseudoClassStateChanged(USERSPACE, l == Lane.USERSPACE);
    }

    private void showHandler(String h) {
        shownHandler = h;
        handler.setText(h);
        handlerLine.setVisible(!h.isEmpty());
        handlerLine.setManaged(!h.isEmpty());
    }

    private void setReferences(List<String> refs) {
        referenceList.getChildren().clear();
        for (String s : refs) {
            if (s.equals(StageNotes.onThisPath(shownHandler))) continue; // shown as "runs here"
            Label l = new Label("•  " + s);
            l.getStyleClass().add("reference");
            l.setWrapText(true);
            referenceList.getChildren().add(l);
        }
        boolean any = !referenceList.getChildren().isEmpty();
        references.setVisible(any);
        references.setManaged(any);
    }
}

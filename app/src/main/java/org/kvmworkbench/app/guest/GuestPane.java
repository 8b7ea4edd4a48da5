package org.kvmworkbench.app.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javafx.scene.control.SplitPane;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.core.asm.AsmError;
import org.kvmworkbench.core.asm.Assembly;
import org.kvmworkbench.core.asm.AssemblyException;
import org.kvmworkbench.core.asm.BuiltInAssembler;
import org.kvmworkbench.core.asm.GuestAssembler;
import org.kvmworkbench.core.asm.NasmAssembler;
import org.kvmworkbench.core.config.VmConfig;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.exit.GuestRegisters;
import org.kvmworkbench.core.io.AtomicFile;

/**
 * The Guest tab: the editor beside the running guest's listing. Assemble checks the text; Assemble &amp; Run writes
 * the image to NAME.edited.bin and restarts the VM with it; only Save writes NAME.asm and NAME.bin.
 */
public final class GuestPane extends SplitPane {
    static final Texts TEXTS = Texts.of(GuestPane.class);

    /** What the pane asks of the window. */
    public interface Host {
        /** Restart the open VM with this image instead of its config's. */
        void runImage(Path image) throws Exception;

        /** Open (and start) a config. */
        boolean open(Path config);

        void showError(String message);
    }

    private final GuestEditor editor = new GuestEditor();
    private final SourceView source = new SourceView();
    private final Host host;
    private GuestAssembler assembler;
    /** Asked once: is NASM on the PATH (the editor says why the built-in assembler is used). */
    private final boolean nasmInstalled = NasmAssembler.find().isPresent();
    private Path sourceFile;
    /** The assembly that is running, when it came from this editor (its image is not the config's file). */
    private Assembly running;
    private Path runningImage;

    public GuestPane(Host host) {
        this(host, null);
    }

    public GuestPane(Host host, GuestAssembler assembler) {
        this.host = host;
        getStyleClass().add("guest-pane");
        getStylesheets().add(GuestPane.class.getResource("GuestPane.css").toExternalForm());
        getItems().addAll(editor, source);
        setDividerPositions(0.5);
        setAssembler(assembler != null ? assembler : nasmInstalled ? NasmAssembler.find().<GuestAssembler>map(n -> n)
                .orElseGet(BuiltInAssembler::new) : new BuiltInAssembler());
        editor.assemble.setOnAction(e -> assemble());
        editor.assembleAndRun.setOnAction(e -> assembleAndRun());
        editor.save.setOnAction(e -> save());
        editor.setEditable(false);
    }

    /** Which assembler turns the text into an image; the editor says which, and why when it is not NASM. */
    public void setAssembler(GuestAssembler a) {
        assembler = a;
        editor.setAssemblerName(a instanceof NasmAssembler ? TEXTS.format("assembler.nasm", a.name())
                : nasmInstalled ? TEXTS.get("assembler.builtin")
                : TEXTS.get("assembler.builtinNoNasm"));
    }

    public GuestEditor editor() {
        return editor;
    }

    public SourceView source() {
        return source;
    }

    public Path sourceFile() {
        return sourceFile;
    }

    /** A (re)started VM: load its source unless the editor holds unsaved changes to it, and show the listing. */
    public void sessionChanged(VmConfig config) {
        if (config == null) return;
        Path image = config.imagePath();
        Path src = GuestFiles.sourceOf(config);
        if (src == null) {
            sourceFile = null;
            running = null;
            editor.load("", "");
            editor.setEditable(false);
            source.showNothing(TEXTS.format("source.noSource", image.getFileName()));
            return;
        }
        boolean sameFile = src.equals(sourceFile);
        if (!sameFile || !editor.dirty()) {
            try {
                editor.load(src.getFileName().toString(), Files.readString(src));
            } catch (IOException e) {
                source.showNothing(TEXTS.format("source.unreadable", src, e.getMessage()));
                return;
            }
        }
        sourceFile = src;
        editor.setEditable(true);
        if (running != null && image.equals(runningImage)) {
            source.show(running, config.loadAddress(), TEXTS.format("source.edited", image.getFileName(),
                    label(running)));
            return;
        }
        running = null;
        showListingOfFile(src, image, config.loadAddress());
    }

    /** The listing of the source on disk, if it still assembles to the image that runs. */
    private void showListingOfFile(Path src, Path image, long load) {
        try {
            Assembly a = assembler.assemble(Files.readString(src));
            boolean matches = Files.isRegularFile(image) && Arrays.equals(a.image(), Files.readAllBytes(image));
            source.show(a, load, matches ? TEXTS.format("source.listing", src.getFileName(), label(a))
                    : TEXTS.format("source.stale", src.getFileName(), image.getFileName()));
        } catch (AssemblyException e) {
            source.showNothing(TEXTS.format("source.doesNotAssemble", src.getFileName(),
                    e.errors().get(0).inCurrentLanguage()));
        } catch (IOException e) {
            source.showNothing(TEXTS.format("source.unreadable", src, e.getMessage()));
        }
    }

    /** Once per slow frame: CS:IP while the vCPU rests (null while it runs) and the exits in the ring. */
    public void update(GuestRegisters stoppedAt, List<ExitRecord> recent) {
        source.setCurrent(stoppedAt);
        source.setExits(recent);
    }

    /** Assemble the editor's text; errors go to the editor, the result is null then. */
    public Assembly assemble() {
        try {
            Assembly a = assembler.assemble(editor.source());
            editor.showErrors(List.of());
            editor.setResult(TEXTS.format("editor.assembled", a.image().length, label(a)));
            return a;
        } catch (AssemblyException e) {
            List<AsmError> errors = e.errors();
            editor.showErrors(errors);
            // NASM's messages are listed as NASM prints them (English): the line above them says whose they are
            editor.setResult(TEXTS.format(assembler instanceof NasmAssembler ? "editor.failed.nasm" : "editor.failed",
                    errors.size()));
            return null;
        }
    }

    /** Assemble, write NAME.edited.bin beside the source, restart the VM with it. */
    public boolean assembleAndRun() {
        if (sourceFile == null) return false;
        Assembly a = assemble();
        if (a == null) return false;
        Path image = GuestFiles.editedImageOf(sourceFile);
        try {
            AtomicFile.write(image, a.image());
            running = a;
            runningImage = image.toAbsolutePath().normalize();
            host.runImage(runningImage);
            editor.setResult(TEXTS.format("editor.running", a.image().length, image.getFileName()));
            return true;
        } catch (Exception e) {
            running = null;
            host.showError(TEXTS.format("editor.runFailed", e.getMessage()));
            return false;
        }
    }

    /** Save the text to NAME.asm and, when it assembles, the image to NAME.bin (the config's input). */
    public boolean save() {
        if (sourceFile == null) return false;
        try {
            AtomicFile.write(sourceFile, editor.source());
            editor.markSaved();
            Assembly a = assemble();
            if (a != null) {
                AtomicFile.write(GuestFiles.imageOf(sourceFile), a.image());
                editor.setResult(TEXTS.format("editor.saved", sourceFile.getFileName(),
                        GuestFiles.imageOf(sourceFile).getFileName()));
            }
            return true;
        } catch (IOException e) {
            host.showError(TEXTS.format("editor.saveFailed", e.getMessage()));
            return false;
        }
    }

    /** File → New VM from template: write the three files into {@code folder}, then open the config. */
    public boolean newFromTemplate(Path folder, String name) {
        try {
            Path yaml = GuestTemplate.write(folder, name, assembler);
            return host.open(yaml);
        } catch (IOException e) {
            host.showError(TEXTS.format("template.failed", e.getMessage()));
        } catch (AssemblyException e) {
            host.showError(TEXTS.format("template.failed", e.errors().get(0).inCurrentLanguage()));
        }
        return false;
    }

    /** Which assembler made {@code a}, in the user's language ("NASM 2.16.01" stays a name). */
    private static String label(Assembly a) {
        return a.assembler().equals(new BuiltInAssembler().name()) ? TEXTS.get("assembler.builtinName") : a.assembler();
    }

    /** The built-in assembler, for a test or a user who wants it although NASM is installed. */
    public void useBuiltIn() {
        setAssembler(new BuiltInAssembler());
    }
}

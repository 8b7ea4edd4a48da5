package org.kvmworkbench.app.view;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import atlantafx.base.theme.Styles;
import org.kvmworkbench.app.i18n.Texts;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The guest console: a dark, monospace terminal that the back row can read. Output arrives through
 * {@link #append(String)} (the app batches a frame's worth of bytes into one call); the last {@value #MAX_CHARS}
 * characters are kept. Lines live in a virtualized list (long lines wrap), so a guest that prints without pause
 * costs one list update per frame, however long the scrollback. It follows the output unless the user has
 * scrolled back (wheel, scroll bar, keys); scrolling to the end again resumes following. Right-click offers
 * "Copy all text" and "Clear"; Ctrl+Shift+C copies too (Ctrl+C goes to the guest as 0x03).
 *
 * <p>Keys typed while it has the focus go out through {@link #setOnInput(Consumer)} as the bytes a serial
 * terminal would send: Enter is CR (0x0D), Ctrl-letter is the control code (Ctrl-D = 0x04), Backspace 0x08,
 * Tab 0x09, Esc 0x1B. The view never echoes: what the guest sends back is what appears.
 *
 * <p>Terminal semantics kept: LF starts a new line, CR returns to the start of the line, BS moves left (so
 * "\b \b" erases), a tab moves to the next multiple of 8; other control characters are not shown.
 */
public final class ConsoleView extends VBox {
    private static final Texts T = Texts.of(ConsoleView.class);
    /** Characters kept for scrolling back. */
    public static final int MAX_CHARS = 100_000;
    /** A line longer than this is broken (the view wraps long lines anyway; this bounds one cell's text). */
    static final int MAX_LINE = 2_000;
    private static final PseudoClass TYPING = PseudoClass.getPseudoClass("typing");

    private final ListView<String> terminal = new ListView<>();
    private final ObservableList<String> lines = terminal.getItems();
    private final StringBuilder current = new StringBuilder();
    private final List<String> completed = new ArrayList<>();
    private final Label caption = new Label();
    private final Label focusHint = new Label();
    private final BooleanProperty typing = new SimpleBooleanProperty();
    private final List<LineCell> cells = new ArrayList<>();
    private int column;
    /** Keep the newest line in view; off while the user has scrolled up. */
    private boolean following = true;
    /** A check of {@link #following} after a user action is pending. */
    private boolean userTouched;
    /** Characters kept: the lines' lengths plus one per line break. */
    private long retained;
    private Consumer<byte[]> onInput = b -> { };
    private boolean inputEnabled = true;
    private String notReading; // why the guest no longer reads typed keys (it stopped), or null
    private int uartPort = 0x3F8;

    public ConsoleView() {
        getStyleClass().add("console-view");
        getStylesheets().add(Objects.requireNonNull(ConsoleView.class.getResource("ConsoleView.css")).toExternalForm());

        terminal.setId("console-terminal");
        terminal.getStyleClass().add("terminal");
        terminal.setCellFactory(l -> {
            LineCell c = new LineCell();
            cells.add(c);
            return c;
        });
        terminal.setFocusTraversable(true);
        lines.add("");
        typing.bind(terminal.focusedProperty());
        typing.addListener((o, a, b) -> updateCaption());

        MenuItem copy = new MenuItem(T.get("copy"));
        copy.setOnAction(e -> copyAll());
        MenuItem clear = new MenuItem(T.get("clear"));
        clear.setOnAction(e -> clear());
        terminal.setContextMenu(new ContextMenu(copy, clear));

        addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        // Anything the user does to the list may scroll it: right after, decide whether they left the newest line.
        terminal.addEventFilter(ScrollEvent.SCROLL, e -> userTouched());
        terminal.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> userTouched());
        terminal.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> userTouched());
        terminal.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> userTouched());
        terminal.addEventFilter(KeyEvent.KEY_PRESSED, e -> userTouched());
        addEventFilter(KeyEvent.KEY_TYPED, this::keyTyped);

        caption.setId("console-caption");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, "caption");
        focusHint.getStyleClass().add("focus-hint");
        // one line each, wrapped to the console's width: a narrow console (presenter mode) cuts nothing off
        for (Label l : List.of(caption, focusHint)) {
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            l.setMinHeight(USE_PREF_SIZE);
        }
        VBox bottom = new VBox(caption, focusHint);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.getStyleClass().add("caption-bar");
        bottom.setMinHeight(USE_PREF_SIZE);

        VBox.setVgrow(terminal, Priority.ALWAYS);
        getChildren().addAll(terminal, bottom);
        // squeezed below its minimum, the console is cut at its own edge instead of drawing over the panel below
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        updateCaption();
    }

    /** Guest output (bytes as ISO-8859-1 characters), typically everything that arrived since the last frame. */
    public void append(String text) {
        if (text == null || text.isEmpty()) return;
        completed.clear();
        for (int i = 0; i < text.length(); i++) put(text.charAt(i));

        int last = lines.size() - 1;
        retained -= lines.get(last).length();
        if (completed.isEmpty()) {
            lines.set(last, current.toString());
        } else {
            lines.set(last, completed.get(0));
            List<String> add = new ArrayList<>(completed.size());
            for (int i = 1; i < completed.size(); i++) add.add(completed.get(i));
            add.add(current.toString());
            lines.addAll(add);
            for (String s : completed) retained += s.length() + 1;
        }
        retained += current.length();
        trim();
        for (LineCell c : cells) c.placeCursor();
        if (following && !userTouched) scrollToEnd();
    }

    /** Forget everything shown. */
    public void clear() {
        lines.setAll("");
        current.setLength(0);
        column = 0;
        retained = 0;
        following = true;
        for (LineCell c : cells) c.placeCursor();
    }

    /** Where typed keys go (bytes as a serial terminal sends them). */
    public void setOnInput(Consumer<byte[]> onInput) {
        this.onInput = onInput == null ? b -> { } : onInput;
    }

    /** Off when the machine has no UART: keys are then ignored and the caption says so. */
    public void setInputEnabled(boolean enabled) {
        inputEnabled = enabled;
        updateCaption();
    }

    /**
     * The guest stopped ({@code why}, e.g. "the guest halted"), so nothing reads the UART any more: the caption says
     * so and keys are not sent. Null when it runs (again).
     */
    public void setGuestStopped(String why) {
        if (java.util.Objects.equals(why, notReading)) return;
        notReading = why;
        updateCaption();
    }

    /** The caption under the console (what happens to typed keys), for tests. */
    public String captionText() {
        return caption.getText() + (focusHint.getText().isEmpty() ? "" : "  " + focusHint.getText());
    }

    /** The UART's base port, for the caption (default 0x3F8). */
    public void setUartPort(int port) {
        uartPort = port;
        updateCaption();
    }

    /** Everything kept, lines joined with '\n'. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Characters kept (at most about {@link #MAX_CHARS}). */
    public long retainedChars() {
        return retained;
    }

    // --- output -------------------------------------------------------------------------------------------

    private void put(char ch) {
        switch (ch) {
            case '\n' -> newLine();
            case '\r' -> column = 0;
            case '\b' -> column = Math.max(0, column - 1);
            case '\t' -> {
                int to = Math.min(MAX_LINE, (column / 8 + 1) * 8);
                while (column < to) write(' ');
            }
            default -> {
                if (ch >= 0x20 && ch != 0x7F && !(ch >= 0x80 && ch < 0xA0)) write(ch);
            }
        }
    }

    private void write(char ch) {
        if (column < current.length()) current.setCharAt(column, ch);
        else {
            while (current.length() < column) current.append(' ');
            current.append(ch);
        }
        column++;
        if (current.length() >= MAX_LINE && column >= MAX_LINE) newLine();
    }

    private void newLine() {
        completed.add(current.toString());
        current.setLength(0);
        column = 0;
    }

    /** Drops the oldest lines until at most {@link #MAX_CHARS} characters are kept (the current line stays). */
    private void trim() {
        if (retained <= MAX_CHARS) return;
        int drop = 0;
        long r = retained;
        while (r > MAX_CHARS && drop < lines.size() - 1) r -= lines.get(drop++).length() + 1;
        if (drop > 0) {
            lines.remove(0, drop);
            retained = r;
        }
    }

    private VirtualFlow<?> flow() {
        return terminal.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
    }

    private void scrollToEnd() {
        VirtualFlow<?> f = flow();
        if (f == null || terminal.getScene() == null) {
            terminal.scrollTo(lines.size() - 1);
            return;
        }
        f.setPosition(1.0); // settled in layoutChildren, once the new lines are laid out
        requestLayout();
    }

    /**
     * Wrapped lines have heights the list can only estimate before it lays them out, so "position 1" may leave the
     * last line half below the edge; after layout, scroll the remaining pixels so it is fully in view.
     */
    @Override protected void layoutChildren() {
        super.layoutChildren();
        VirtualFlow<?> f = flow();
        if (f == null || !following || userTouched) return;
        terminal.layout();
        IndexedCell<?> last = f.getLastVisibleCell();
        if (last == null) return;
        if (last.getIndex() < lines.size() - 1) {
            f.setPosition(1.0);
            terminal.layout();
            last = f.getLastVisibleCell();
            if (last == null) return;
        }
        double overflow = last.getLayoutY() + last.getHeight() - f.getHeight();
        if (overflow > 0.5) f.scrollPixels(overflow);
    }

    /**
     * The user may have scrolled: once the event has been handled, decide whether they left the newest line
     * (until then the view does not pull them back to it).
     */
    private void userTouched() {
        if (userTouched) return;
        userTouched = true;
        Platform.runLater(() -> {
            userTouched = false;
            following = ExitLogView.atEnd(flow());
        });
    }

    // --- input --------------------------------------------------------------------------------------------

    /** Ctrl-letter (its KEY_TYPED character differs by platform) and Tab (else it moves the focus away). */
    private void keyPressed(KeyEvent e) {
        if (!inputEnabled) return;
        if (e.isControlDown() && e.isShiftDown() && e.getCode() == KeyCode.C) {
            copyAll();
            e.consume();
            return;
        }
        int control = controlCode(e);
        if (control >= 0) {
            send(new byte[] {(byte) control});
            e.consume();
        } else if (e.getCode() == KeyCode.TAB && !e.isControlDown() && !e.isAltDown()) {
            e.consume(); // the KEY_TYPED "\t" that follows is sent
        }
    }

    /** The control code of Ctrl + A…Z, [, \, ] (0x01…0x1D), or -1. */
    static int controlCode(KeyEvent e) {
        if (!e.isControlDown() || e.isAltDown() || e.isMetaDown() || e.isShiftDown()) return -1;
        KeyCode c = e.getCode();
        if (c.isLetterKey() && c.getCode() >= 'A' && c.getCode() <= 'Z') return c.getCode() - 'A' + 1;
        return switch (c) {
            case OPEN_BRACKET -> 0x1B;
            case BACK_SLASH -> 0x1C;
            case CLOSE_BRACKET -> 0x1D;
            default -> -1;
        };
    }

    private void keyTyped(KeyEvent e) {
        if (!inputEnabled) return;
        e.consume(); // no type-ahead selection in the list
        if (e.isControlDown() && !e.isAltDown()) return; // sent on KEY_PRESSED
        if (e.isMetaDown()) return;
        byte[] b = bytesOf(e.getCharacter());
        if (b.length > 0) send(b);
    }

    /** What a serial terminal sends for typed text: LF becomes CR, characters beyond Latin-1 are dropped. */
    static byte[] bytesOf(String typed) {
        if (typed == null || typed.isEmpty() || KeyEvent.CHAR_UNDEFINED.equals(typed)) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '\n') c = '\r';
            if (c <= 0xFF) out.write(c);
        }
        return out.toByteArray();
    }

    private void send(byte[] b) {
        if (notReading == null) onInput.accept(b);
    }

    private void updateCaption() {
        boolean reading = inputEnabled && notReading == null;
        caption.setText(!inputEnabled ? T.get("noUart")
                : notReading != null ? T.format("notReading", notReading)
                : T.format("typing.to", uartPort));
        focusHint.setText(!reading ? "" : typing.get() ? T.get("typing") : T.get("clickToType"));
        focusHint.pseudoClassStateChanged(TYPING, typing.get() && reading);
    }

    private void copyAll() {
        ClipboardContent c = new ClipboardContent();
        c.putString(text());
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** One line; the last one carries the cursor while the console has the focus. */
    private final class LineCell extends ListCell<String> {
        private final Region cursor = new Region();

        LineCell() {
            getStyleClass().add("line");
            setWrapText(true);
            setPrefWidth(0); // take the viewport's width and wrap, never scroll sideways
            setContentDisplay(ContentDisplay.RIGHT);
            setGraphicTextGap(0);
            cursor.getStyleClass().add("cursor");
            cursor.visibleProperty().bind(typing);
        }

        @Override protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(line);
            placeCursor();
        }

        /** The cursor sits after the last line; called again when lines are added. */
        void placeCursor() {
            boolean last = !isEmpty() && getItem() != null && getIndex() == lines.size() - 1;
            if (last != (getGraphic() == cursor)) setGraphic(last ? cursor : null);
        }
    }
}

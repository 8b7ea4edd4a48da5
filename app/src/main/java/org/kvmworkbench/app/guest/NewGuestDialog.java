package org.kvmworkbench.app.guest;

import java.io.File;

import javafx.scene.control.TextInputDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** File → New VM from template: pick a folder, name the guest, and the pane writes and opens it. */
public final class NewGuestDialog {
    private NewGuestDialog() {}

    public static void ask(Window owner, GuestPane pane) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(GuestPane.TEXTS.get("dialog.folder"));
        File folder = dc.showDialog(owner);
        if (folder == null) return;
        TextInputDialog d = new TextInputDialog("my-guest");
        d.initOwner(owner);
        d.setHeaderText(GuestPane.TEXTS.get("dialog.name.header"));
        d.setContentText(GuestPane.TEXTS.get("dialog.name.prompt"));
        d.showAndWait().ifPresent(name -> pane.newFromTemplate(folder.toPath(), name.trim()));
    }
}

package org.kvmworkbench.app.view;

import static org.kvmworkbench.core.kvm.Stage.EVENTFD_SIGNAL;
import static org.kvmworkbench.core.kvm.Stage.KVM_HANDLER;
import static org.kvmworkbench.core.kvm.Stage.KVM_RUN_RETURNS;
import static org.kvmworkbench.core.kvm.Stage.VM_EXIT;

import java.nio.file.Path;
import java.util.function.Consumer;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.kvm.ExitPath;
import org.kvmworkbench.core.vmx.VmxExitReason;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Renders each view to /tmp/kvmwb-*.png in PrimerLight and PrimerDark (and presenter mode) so a person can
 * look at them. Off by default: {@code mvn -o -q -pl app -am test -Dtest=ViewScreenshotTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dkvmwb.screenshots=true}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "kvmwb.screenshots", matches = "true")
class ViewScreenshotTest {
    static final Path OUT = Path.of(System.getProperty("kvmwb.screenshots.dir", "/tmp"));
    @TempDir Path dir;

    @Start
    void start(Stage stage) {
    }

    private static void shoot(String name, Parent view, double w, double h, String rootStyle) throws Exception {
        for (boolean dark : new boolean[] {false, true}) {
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            StackPane root = new StackPane(view);
            root.setStyle(rootStyle);
            Scene scene = new Scene(root, w, h);
            root.applyCss();
            root.layout();
            WritableImage img = scene.snapshot(null);
            Png.write(img, OUT.resolve("kvmwb-" + name + (dark ? "-dark" : "-light") + ".png"));
            root.getChildren().clear();
        }
    }

    private static void fx(FxRobot robot, ThrowingRunnable r) {
        robot.interact(() -> {
            try {
                r.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static <T extends Parent> T view(T v, Consumer<T> update) {
        update.accept(v);
        return v;
    }

    @Test
    void exitPanel(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8 && r.access().write()
                && r.access().value() == 'H');
        SampleExits mmio = SampleExits.mmio(dir);
        ExitRecord ept = mmio.first(r -> r.reason() == VmxExitReason.EPT_VIOLATION);
        ExitRecord misconfig = mmio.first(r -> r.reason() == VmxExitReason.EPT_MISCONFIG);
        SampleExits ud = SampleExits.undefinedOpcode(dir);
        ExitRecord exc = ud.first(r -> r.path() == ExitPath.KERNEL_EXCEPTION);
        SampleExits cpuid = SampleExits.sample("cpuid-msr");
        ExitRecord c = cpuid.first(r -> r.reason() == VmxExitReason.CPUID);
        SampleExits str = SampleExits.repOutsb(dir);
        ExitRecord rep = str.first(r -> r.access() != null && r.access().count() > 1);
        fx(robot, () -> {
            shoot("exit-io", view(new ExitPanel(), p -> p.update(out, hello.info)), 1000, 760, "");
            shoot("exit-io-presenter", view(new ExitPanel(), p -> p.update(out, hello.info)), 1280, 900, "-fx-font-size: 20px;");
            shoot("exit-io-narrow", view(new ExitPanel(), p -> p.update(out, hello.info)), 640, 900, "");
            shoot("exit-io-narrow-presenter", view(new ExitPanel(), p -> p.update(out, hello.info)), 660, 1000,
                    "-fx-font-size: 20px;");
            shoot("exit-ept", view(new ExitPanel(), p -> p.update(ept, mmio.info)), 1000, 760, "");
            shoot("exit-misconfig", view(new ExitPanel(), p -> p.update(misconfig, mmio.info)), 1000, 700, "");
            shoot("exit-exception", view(new ExitPanel(), p -> p.update(exc, ud.info)), 1000, 760, "");
            shoot("exit-cpuid", view(new ExitPanel(), p -> p.update(c, cpuid.info)), 1000, 700, "");
            shoot("exit-rep-outsb", view(new ExitPanel(), p -> p.update(rep, str.info)), 1000, 760, "");
            shoot("exit-empty", new ExitPanel(), 800, 300, "");
        });
    }

    @Test
    void vmcsPanel(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        fx(robot, () -> {
            shoot("vmcs", view(new VmcsPanel(), p -> p.update(hello.vmcs.get(0), hello.info)), 1280, 900, "");
            shoot("vmcs-presenter", view(new VmcsPanel(), p -> p.update(hello.vmcs.get(0), hello.info)), 1600, 1000,
                    "-fx-font-size: 20px;");
            VmcsPanel exitInfo = new VmcsPanel();
            exitInfo.update(hello.vmcs.get(0), hello.info);
            exitInfo.filterField().setText("exit");
            shoot("vmcs-filter-exit", exitInfo, 1280, 700, "");
        });
    }

    @Test
    void teachingNotes(FxRobot robot) throws Exception {
        SampleExits hello = SampleExits.sample("hello-serial");
        ExitRecord out = hello.first(r -> r.access() != null && r.access().address() == 0x3F8 && r.access().write());
        SampleExits kick = SampleExits.sample("virtio-kick-ioeventfd");
        ExitRecord door = kick.first(r -> r.path() == ExitPath.KERNEL_IOEVENTFD);
        fx(robot, () -> {
            shoot("notes-pio-return", view(new TeachingNotes(), n -> n.update(out, KVM_RUN_RETURNS)), 760, 640, "");
            shoot("notes-pio-vmexit", view(new TeachingNotes(), n -> n.update(out, VM_EXIT)), 760, 640, "");
            shoot("notes-ioeventfd", view(new TeachingNotes(), n -> n.update(door, EVENTFD_SIGNAL)), 760, 640, "");
            shoot("notes-presenter", view(new TeachingNotes(), n -> n.update(out, KVM_HANDLER)), 1000, 800,
                    "-fx-font-size: 20px;");
            shoot("notes-empty", new TeachingNotes(), 760, 500, "");
        });
    }
}

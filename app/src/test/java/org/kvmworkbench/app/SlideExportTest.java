package org.kvmworkbench.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmworkbench.app.export.SlideExport;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Export for slides: the files are there, named after sample and exit, and open as what they claim to be. */
class SlideExportTest extends WindowTestBase {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Stop
    void stop() {
        closeWindow();
    }

    private void stepExits(FxRobot robot, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long before = session().ring().totalWritten();
            robot.press(KeyCode.F10).release(KeyCode.F10);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session().ring().totalWritten() == before + 1
                    && session().state() == Session.State.PAUSED);
        }
        // the exit has reached the round trip (the frame timer hands it over)
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> w().roundTrip.currentExitProperty().get() != null
                && w().roundTrip.currentExitProperty().get().seq() >= session().ring().totalWritten() - 1);
    }

    private List<Path> exportAll(FxRobot robot) {
        List<Path> files = new ArrayList<>();
        robot.interact(() -> files.addAll(w().export.exportAllTo(dir)));
        return files;
    }

    @Test
    void everythingIsExportedAndOpensAsWhatItClaims(FxRobot robot) throws Exception {
        stepExits(robot, 3);
        robot.interact(() -> w().roundTrip.selectStep(2)); // the token mid-way: the export shows this step
        ExitRecord exit = w().roundTrip.currentExitProperty().get();
        int stages = w().roundTrip.stageBoxes().size();
        List<Path> files = exportAll(robot);
        String base = "hello-serial-exit" + exit.seq() + "-" + exit.reason().name().toLowerCase().replace('_', '-');
        assertEquals(List.of(base + "-step3.png", base + "-step3.svg", base + ".gif", "hello-serial-statistics.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());

        String keep = System.getProperty("slides.dir"); // to look at them: -Dslides.dir=/some/folder
        if (keep != null) for (Path f : files) Files.copy(f, Files.createDirectories(Path.of(keep)).resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        BufferedImage png = ImageIO.read(files.get(0).toFile());
        assertEquals(2 * w().roundTrip.getWidth(), png.getWidth(), 2, "twice the size on screen");
        assertEquals(2 * w().roundTrip.getHeight(), png.getHeight(), 2);

        Document svg = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(files.get(1).toFile());
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(0, svg.getElementsByTagNameNS("*", "image").getLength(), "drawn from shapes, not a bitmap");
        assertTrue(svg.getElementsByTagNameNS("*", "rect").getLength() >= stages + 3, "lanes and stage boxes");
        assertTrue(svg.getElementsByTagNameNS("*", "line").getLength() >= stages - 1, "an edge between stages");
        assertTrue(svg.getElementsByTagNameNS("*", "polygon").getLength() >= stages - 1, "an arrow on each edge");
        assertEquals(1, svg.getElementsByTagNameNS("*", "circle").getLength(), "the token");
        String texts = textOf(svg.getElementsByTagNameNS("*", "text"));
        for (String stage : List.of("guest instruction", "KVM_RUN returns", "device model"))
            assertTrue(texts.contains(stage), stage + " in " + texts);

        assertEquals(stages, gifFrames(files.get(2)));

        BufferedImage chart = ImageIO.read(files.get(3).toFile());
        assertTrue(chart.getWidth() > 400 && chart.getHeight() > 300, chart.getWidth() + "x" + chart.getHeight());

        for (Path f : files) assertTrue(w().export.lastMessage().contains(f.getFileName().toString()));
        assertFalse(w().errorShown());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(4, left.count(), "no temporary file left behind");
        }
        // the view is back at the step it showed
        assertEquals(exit, w().roundTrip.currentExitProperty().get());
    }

    @Test
    void aFileTheVmReadsIsNeverWritten(FxRobot robot) throws Exception {
        stepExits(robot, 1);
        SlideExport export = new SlideExport(w().roundTrip, w().stats);
        Path[] first = new Path[1];
        byte[][] before = new byte[1][];
        IOException[] refused = new IOException[1];
        robot.interact(() -> {
            try {
                w().roundTrip.selectStep(0); // the animation stops: both exports name the same step
                first[0] = export.diagramPng(dir, "hello-serial", List.of());
                before[0] = Files.readAllBytes(first[0]);
                refused[0] = assertThrows(IOException.class,
                        () -> export.diagramPng(dir, "hello-serial", List.of(first[0])));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(refused[0].getMessage().contains(first[0].getFileName().toString()), refused[0].getMessage());
        assertArrayEquals(before[0], Files.readAllBytes(first[0]));
    }

    @Test
    void beforeTheFirstExitOnlyTheChartIsExported(FxRobot robot) {
        List<Path> files = exportAll(robot);
        assertEquals(List.of("hello-serial-statistics.png"), files.stream().map(p -> p.getFileName().toString()).toList());
        assertFalse(Files.exists(dir.resolve("hello-serial-no-exit.gif")));
    }

    @Test
    void aFolderThatIsNotThereIsOneMessage(FxRobot robot) {
        Path missing = dir.resolve("no-such-folder");
        List<Path> files = new ArrayList<>();
        robot.interact(() -> files.addAll(w().export.exportAllTo(missing)));
        assertEquals(List.of(), files);
        assertTrue(w().errorShown());
        assertTrue(w().errorText.getText().startsWith("Could not export: "), w().errorText.getText());
        assertFalse(Files.exists(missing));
    }

    private static String textOf(NodeList nodes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.getLength(); i++) b.append(nodes.item(i).getTextContent()).append(" | ");
        return b.toString();
    }

    /** The frame count, checking each frame's delay and that the GIF loops. */
    private static int gifFrames(Path gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            boolean loops = false;
            for (int i = 0; i < n; i++) {
                IIOMetadataNode tree = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = (IIOMetadataNode) tree.getElementsByTagName("GraphicControlExtension").item(0);
                assertEquals("90", control.getAttribute("delayTime"), "frame " + i);
                NodeList apps = tree.getElementsByTagName("ApplicationExtension");
                for (int a = 0; a < apps.getLength(); a++)
                    loops |= "NETSCAPE".equals(((IIOMetadataNode) apps.item(a)).getAttribute("applicationID"));
            }
            assertTrue(loops, "NETSCAPE2.0 loop extension");
            reader.dispose();
            return n;
        }
    }
}

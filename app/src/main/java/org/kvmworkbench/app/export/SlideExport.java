package org.kvmworkbench.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.Region;

import org.kvmworkbench.app.i18n.Texts;
import org.kvmworkbench.app.view.RoundTripView;
import org.kvmworkbench.core.exit.ExitRecord;
import org.kvmworkbench.core.io.AtomicFile;

/**
 * Pictures for slides: the round-trip diagram at the step on screen (PNG, and SVG built from its shapes), one
 * exit's round trip as an animated GIF (a frame per stage), and the statistics as PNG (PNGs at twice the size on
 * screen). Files are named after the
 * sample and the exit ({@code hello-serial-exit3-io-instruction-step4.svg}) and written through a temporary file
 * renamed into place; a file the VM reads (its config, its image) is never written. Call on the FX thread.
 */
public final class SlideExport {
    private static final Texts T = Texts.of(SlideExport.class);
    /** How long each stage of the round trip shows in the GIF. */
    static final int GIF_FRAME_MILLIS = 900;
    /** PNGs are rendered at twice the size on screen, sharp on a slide. */
    static final double PNG_SCALE = 2;
    /** The statistics' size when its tab was never shown (so it has none yet). */
    private static final double CHART_W = 1100, CHART_H = 720;

    private final RoundTripView roundTrip;
    private final Region chart;

    public SlideExport(RoundTripView roundTrip, Region chart) {
        this.roundTrip = roundTrip;
        this.chart = chart;
    }

    /** Everything there is to export now: the diagram (PNG, SVG) and GIF when an exit is on screen, the chart. */
    public List<Path> all(Path dir, String sample, List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        if (roundTrip.currentExitProperty().get() != null) {
            out.add(diagramPng(dir, sample, inputs));
            out.add(diagramSvg(dir, sample, inputs));
            out.add(roundTripGif(dir, sample, inputs));
        }
        out.add(chartPng(dir, sample, inputs));
        return out;
    }

    public Path diagramPng(Path dir, String sample, List<Path> inputs) throws IOException {
        Path file = dir.resolve(baseName(sample) + "-step" + (step() + 1) + ".png");
        write(file, Images.png(Images.snapshot(roundTrip, PNG_SCALE)), inputs);
        return file;
    }

    public Path diagramSvg(Path dir, String sample, List<Path> inputs) throws IOException {
        Path file = dir.resolve(baseName(sample) + "-step" + (step() + 1) + ".svg");
        write(file, SvgWriter.toSvg(roundTrip).getBytes(java.nio.charset.StandardCharsets.UTF_8), inputs);
        return file;
    }

    /** One frame per stage of the exit on screen; the view is left at the step it showed. */
    public Path roundTripGif(Path dir, String sample, List<Path> inputs) throws IOException {
        if (roundTrip.currentExitProperty().get() == null) throw new IOException(T.get("noExit"));
        int shown = step();
        List<BufferedImage> frames = new ArrayList<>();
        try {
            for (int i = 0; i < roundTrip.stageBoxes().size(); i++) {
                roundTrip.selectStep(i);
                roundTrip.applyCss();
                roundTrip.layout();
                frames.add(Images.snapshot(roundTrip));
            }
        } finally {
            roundTrip.selectStep(shown);
        }
        Path file = dir.resolve(baseName(sample) + ".gif");
        write(file, Images.gif(frames, GIF_FRAME_MILLIS), inputs);
        return file;
    }

    public Path chartPng(Path dir, String sample, List<Path> inputs) throws IOException {
        if (chart.getScene() == null) { // its tab was never opened: lay it out on its own
            javafx.scene.Group holder = new javafx.scene.Group(chart);
            holder.setAutoSizeChildren(false); // keep the size given here, not the preferred one
            new Scene(holder);
            chart.resize(CHART_W, CHART_H);
            chart.applyCss();
            chart.layout();
        }
        Path file = dir.resolve(slug(sample) + "-statistics.png");
        write(file, Images.png(Images.snapshot(chart, PNG_SCALE)), inputs);
        return file;
    }

    /** "hello-serial-exit3-io-instruction", or "hello-serial-no-exit" before the first exit. */
    String baseName(String sample) {
        ExitRecord r = roundTrip.currentExitProperty().get();
        return slug(sample) + (r == null ? "-no-exit" : "-exit" + r.seq() + "-" + slug(r.reason().name()));
    }

    /** The step on screen (0-based); the last when the token rests at the end or nothing is shown. */
    int step() {
        var stage = roundTrip.currentStageProperty().get();
        int i = stage == null || roundTrip.shownPath() == null ? -1
                : roundTrip.shownPath().steps().stream().map(s -> s.stage()).toList().indexOf(stage);
        return i >= 0 ? i : Math.max(0, roundTrip.stageBoxes().size() - 1);
    }

    static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "vm" : out;
    }

    private static void write(Path file, byte[] bytes, List<Path> inputs) throws IOException {
        for (Path in : inputs)
            if (in != null && Files.exists(in) && Files.exists(file) && Files.isSameFile(in, file))
                throw new IOException(T.format("wouldOverwrite", file));
        AtomicFile.write(file, bytes);
    }
}

package org.kvmworkbench.app.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A rendered node tree as SVG built from its shapes: each region's background and border becomes a {@code rect},
 * each line, polygon and circle its SVG element, each piece of text a {@code text} (wrapped lines as {@code tspan}s).
 * Positions and colours are read from the laid-out, styled nodes, so the file looks like the screen and stays
 * editable in a slide tool. Call on the FX thread.
 */
public final class SvgWriter {
    private final Node root;
    private final StringBuilder out = new StringBuilder();
    private final Text measure = new Text();

    private SvgWriter(Node root) {
        this.root = root;
    }

    public static String toSvg(Node root) {
        return new SvgWriter(root).write();
    }

    private String write() {
        Bounds b = root.getLayoutBounds();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(b.getWidth()))
                .append("\" height=\"").append(num(b.getHeight())).append("\" viewBox=\"0 0 ").append(num(b.getWidth()))
                .append(' ').append(num(b.getHeight())).append("\">\n");
        visit(root);
        out.append("</svg>\n");
        return out.toString();
    }

    private void visit(Node n) {
        if (!n.isVisible() || n.getOpacity() == 0) return;
        if (n instanceof Region r) region(r);
        else if (n instanceof Line l) line(l);
        else if (n instanceof Polygon p) polygon(p);
        else if (n instanceof Circle c) circle(c);
        else if (n instanceof Text t) text(t);
        if (n instanceof Parent p) for (Node child : p.getChildrenUnmodifiable()) visit(child);
    }

    private Point2D toRoot(Node n, double x, double y) {
        return root.sceneToLocal(n.localToScene(x, y));
    }

    private void region(Region r) {
        if (r.getWidth() <= 0 || r.getHeight() <= 0) return;
        Point2D o = toRoot(r, 0, 0);
        if (r.getBackground() != null)
            for (BackgroundFill f : r.getBackground().getFills()) {
                String fill = paint(f.getFill());
                if (fill == null) continue;
                double x = o.getX() + f.getInsets().getLeft(), y = o.getY() + f.getInsets().getTop();
                double w = r.getWidth() - f.getInsets().getLeft() - f.getInsets().getRight();
                double h = r.getHeight() - f.getInsets().getTop() - f.getInsets().getBottom();
                rect(x, y, w, h, f.getRadii(), "fill=\"" + fill + "\"" + opacity(f.getFill(), "fill-opacity"));
            }
        if (r.getBorder() != null)
            for (BorderStroke s : r.getBorder().getStrokes()) {
                String stroke = paint(s.getTopStroke());
                double width = s.getWidths().getTop();
                if (stroke == null || width <= 0) continue;
                double x = o.getX() + s.getInsets().getLeft() + width / 2, y = o.getY() + s.getInsets().getTop() + width / 2;
                double w = r.getWidth() - s.getInsets().getLeft() - s.getInsets().getRight() - width;
                double h = r.getHeight() - s.getInsets().getTop() - s.getInsets().getBottom() - width;
                rect(x, y, w, h, s.getRadii(), "fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"" + num(width)
                        + "\"" + opacity(s.getTopStroke(), "stroke-opacity"));
            }
    }

    private void rect(double x, double y, double w, double h, CornerRadii radii, String style) {
        if (w <= 0 || h <= 0) return;
        double rx = radii == null ? 0 : Math.min(radii.getTopLeftHorizontalRadius(), Math.min(w, h) / 2);
        out.append("  <rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append('"');
        if (rx > 0) out.append(" rx=\"").append(num(rx)).append('"');
        out.append(' ').append(style).append("/>\n");
    }

    private void line(Line l) {
        String stroke = paint(l.getStroke());
        if (stroke == null) return;
        Point2D a = toRoot(l, l.getStartX(), l.getStartY()), b = toRoot(l, l.getEndX(), l.getEndY());
        out.append("  <line x1=\"").append(num(a.getX())).append("\" y1=\"").append(num(a.getY())).append("\" x2=\"")
                .append(num(b.getX())).append("\" y2=\"").append(num(b.getY())).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(num(l.getStrokeWidth())).append('"');
        if (!l.getStrokeDashArray().isEmpty()) {
            out.append(" stroke-dasharray=\"");
            for (int i = 0; i < l.getStrokeDashArray().size(); i++)
                out.append(i == 0 ? "" : " ").append(num(l.getStrokeDashArray().get(i)));
            out.append('"');
        }
        out.append("/>\n");
    }

    private void polygon(Polygon p) {
        String fill = paint(p.getFill());
        if (fill == null || p.getPoints().size() < 6) return;
        out.append("  <polygon points=\"");
        for (int i = 0; i + 1 < p.getPoints().size(); i += 2) {
            Point2D q = toRoot(p, p.getPoints().get(i), p.getPoints().get(i + 1));
            out.append(i == 0 ? "" : " ").append(num(q.getX())).append(',').append(num(q.getY()));
        }
        out.append("\" fill=\"").append(fill).append("\"/>\n");
    }

    private void circle(Circle c) {
        Point2D q = toRoot(c, c.getCenterX(), c.getCenterY());
        String fill = paint(c.getFill()), stroke = paint(c.getStroke());
        out.append("  <circle cx=\"").append(num(q.getX())).append("\" cy=\"").append(num(q.getY())).append("\" r=\"")
                .append(num(c.getRadius())).append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
        if (stroke != null) out.append(" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(num(c.getStrokeWidth())).append('"');
        out.append("/>\n");
    }

    private void text(Text t) {
        String content = t.getText();
        if (content == null || content.isBlank()) return;
        String fill = paint(t.getFill());
        Font f = t.getFont();
        Bounds local = t.getLayoutBounds();
        Point2D topLeft = toRoot(t, local.getMinX(), local.getMinY());
        List<String> lines = wrap(content, f, t.getWrappingWidth());
        double lineH = lineHeight(f);
        double x = topLeft.getX();
        String anchor = "start";
        if (t.getWrappingWidth() > 0 && t.getTextAlignment() == javafx.scene.text.TextAlignment.CENTER) {
            x += t.getWrappingWidth() / 2;
            anchor = "middle";
        }
        double baseline = topLeft.getY() + t.getBaselineOffset();
        out.append("  <text x=\"").append(num(x)).append("\" y=\"").append(num(baseline))
                .append("\" xml:space=\"preserve\" font-family=\"").append(escape(f.getFamily())).append(", ")
                .append(f.getFamily().toLowerCase(Locale.ROOT).contains("mono") ? "monospace" : "sans-serif")
                .append("\" font-size=\"")
                .append(num(f.getSize())).append('"');
        String style = f.getStyle().toLowerCase(Locale.ROOT);
        if (style.contains("bold") || style.contains("semibold")) out.append(" font-weight=\"bold\"");
        if (style.contains("italic")) out.append(" font-style=\"italic\"");
        if (!"start".equals(anchor)) out.append(" text-anchor=\"").append(anchor).append('"');
        out.append(" fill=\"").append(fill == null ? "#000000" : fill).append("\">");
        if (lines.size() == 1) out.append(escape(lines.get(0)));
        else for (int i = 0; i < lines.size(); i++)
            out.append("<tspan x=\"").append(num(x)).append("\" dy=\"").append(i == 0 ? "0" : num(lineH)).append("\">")
                    .append(escape(lines.get(i))).append("</tspan>");
        out.append("</text>\n");
    }

    /** The lines a wrapping Text shows: its own breaks, then greedy by words at its wrapping width. */
    private List<String> wrap(String text, Font font, double width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            if (width <= 0) {
                lines.add(para);
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                String tryLine = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && width(tryLine, font) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                } else {
                    line.setLength(0);
                    line.append(tryLine);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private double width(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private double lineHeight(Font font) {
        measure.setFont(font);
        measure.setText("Ag");
        return measure.getLayoutBounds().getHeight();
    }

    private static String paint(Paint p) {
        if (!(p instanceof Color c) || c.getOpacity() == 0) return null;
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static String opacity(Paint p, String attribute) {
        return p instanceof Color c && c.getOpacity() < 1
                ? " " + attribute + "=\"" + num(c.getOpacity()) + "\"" : "";
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\t') b.append(ch); // XML 1.0 has no other control characters
                }
            }
        }
        return b.toString();
    }
}

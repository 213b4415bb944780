package dev.sessionguard.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** The PNG of ack p99 against concurrency (log₂ x axis), with the target line, drawn with java.awt. */
final class AckChart {

    record Point(int concurrency, double p99Millis) {
    }

    private static final int W = 900;
    private static final int H = 560;
    private static final int LEFT = 100;
    private static final int RIGHT = 40;
    private static final int TOP = 70;
    private static final int BOTTOM = 90;

    private AckChart() {
    }

    static void draw(List<Point> points, double targetMillis, int targetConcurrency, String subtitle, Path file)
            throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        double maxY = targetMillis * 1.25;
        for (Point p : points) {
            maxY = Math.max(maxY, p.p99Millis() * 1.15);
        }
        maxY = niceCeiling(maxY);
        double minX = log2(points.get(0).concurrency());
        double maxX = log2(points.get(points.size() - 1).concurrency());
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Ack latency p99 against concurrency", LEFT, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(subtitle, LEFT, 54);

        // grid and y labels
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        double step = maxY / 5;
        for (int i = 0; i <= 5; i++) {
            double v = step * i;
            int y = TOP + plotH - (int) Math.round(v / maxY * plotH);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = (step >= 1 ? String.format("%.0f", v) : format(v)) + " ms";
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);

        // target line
        int ty = TOP + plotH - (int) Math.round(targetMillis / maxY * plotH);
        g.setColor(new Color(200, 40, 40));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        g.drawLine(LEFT, ty, LEFT + plotW, ty);
        String target = "target: p99 ≤ " + format(targetMillis) + " ms at " + targetConcurrency + " connections";
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(target, LEFT + plotW - g.getFontMetrics().stringWidth(target) - 4, ty + 18);

        // the series
        g.setStroke(new BasicStroke(3f));
        g.setColor(new Color(30, 90, 180));
        int[] xs = new int[points.size()];
        int[] ys = new int[points.size()];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            xs[i] = LEFT + (int) Math.round((log2(p.concurrency()) - minX) / (maxX - minX) * plotW);
            ys[i] = TOP + plotH - (int) Math.round(Math.min(p.p99Millis(), maxY) / maxY * plotH);
        }
        g.drawPolyline(xs, ys, xs.length);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        for (int i = 0; i < points.size(); i++) {
            g.setColor(new Color(30, 90, 180));
            g.fillOval(xs[i] - 6, ys[i] - 6, 12, 12);
            g.setColor(Color.BLACK);
            String v = format(points.get(i).p99Millis()) + " ms";
            int tx = Math.min(xs[i] + 8, W - RIGHT - g.getFontMetrics().stringWidth(v));
            g.drawString(v, tx, ys[i] - 10);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            String c = Integer.toString(points.get(i).concurrency());
            g.drawString(c, xs[i] - g.getFontMetrics().stringWidth(c) / 2, TOP + plotH + 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.setColor(Color.BLACK);
        String xLabel = "concurrent connections (log scale)";
        g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, TOP + plotH + 55);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double log2(int n) {
        return Math.log(n) / Math.log(2);
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        if (v == Math.rint(v)) {
            return String.format("%.0f", v);
        }
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}

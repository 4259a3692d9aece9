package dev.vigia.generator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Images side by side in a near-square grid, each enlarged {@code scale} times (nearest neighbour, so pixels stay pixels). */
public final class ImageGrid {

    private ImageGrid() {}

    public static BufferedImage of(List<BufferedImage> images, int scale) {
        int columns = (int) Math.ceil(Math.sqrt(images.size()));
        int rows = (int) Math.ceil(images.size() / (double) columns);
        int cell = images.get(0).getWidth() * scale;
        int gap = 2;
        BufferedImage grid = new BufferedImage(columns * (cell + gap) + gap, rows * (cell + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(new Color(32, 32, 32));
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), gap + (i % columns) * (cell + gap), gap + (i / columns) * (cell + gap), cell, cell, null);
        }
        g.dispose();
        return grid;
    }
}

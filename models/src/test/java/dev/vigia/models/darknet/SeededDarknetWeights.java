package dev.vigia.models.darknet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Writes a Darknet {@code .weights} file of seeded random values for a cfg, sized so activations
 * stay in a moderate range through deep residual networks (real weights are hundreds of MB that
 * cannot be fetched here). Its own walk over the cfg, so a miscount in the converter shows.
 */
public final class SeededDarknetWeights {

    private record Convolution(int filters, int fanIn, boolean batchNorm) {}

    private SeededDarknetWeights() {}

    /** Writes the weights; {@code missingBytes} leaves the end off, to make a truncated file. */
    public static void write(DarknetCfg cfg, Path out, long seed, int missingBytes) throws IOException {
        List<Convolution> convolutions = convolutions(cfg);
        long floats = 0;
        for (Convolution c : convolutions) {
            floats += (long) c.filters() * (c.batchNorm() ? 4 : 1) + (long) c.filters() * c.fanIn();
        }
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(20 + 4 * floats)).order(ByteOrder.LITTLE_ENDIAN);
        all.putInt(0).putInt(2).putInt(0).putLong(0);
        Random random = new Random(seed);
        for (Convolution c : convolutions) {
            fill(all, c.filters(), () -> random.nextDouble() * 0.2 - 0.1);
            if (c.batchNorm()) {
                fill(all, c.filters(), () -> 0.5 + random.nextDouble() * 0.5);
                fill(all, c.filters(), () -> random.nextDouble() * 0.2 - 0.1);
                fill(all, c.filters(), () -> 0.5 + random.nextDouble());
            }
            double std = Math.sqrt(1.0 / c.fanIn());
            fill(all, c.filters() * c.fanIn(), () -> random.nextGaussian() * std);
        }
        try (OutputStream file = Files.newOutputStream(out)) {
            file.write(all.array(), 0, all.capacity() - missingBytes);
        }
    }

    private static List<Convolution> convolutions(DarknetCfg cfg) {
        List<Convolution> convolutions = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();
        int previous = cfg.net().integer("channels", 3);
        for (int index = 0; index < cfg.layers().size(); index++) {
            DarknetCfg.Section s = cfg.layers().get(index);
            if (s.type().equals("convolutional")) {
                int size = s.integer("size", 1);
                convolutions.add(new Convolution(s.integer("filters", 1), previous * size * size, s.integer("batch_normalize", 0) != 0));
                previous = s.integer("filters", 1);
            } else if (s.type().equals("route")) {
                int sum = 0;
                for (float reference : s.numbers("layers")) {
                    int absolute = reference < 0 ? index + (int) reference : (int) reference;
                    sum += channels.get(absolute) / s.integer("groups", 1);
                }
                previous = sum;
            }
            channels.add(previous);
        }
        return convolutions;
    }

    private static void fill(ByteBuffer buffer, int count, DoubleSupplier value) {
        for (int i = 0; i < count; i++) {
            buffer.putFloat((float) value.getAsDouble());
        }
    }
}

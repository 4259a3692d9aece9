package dev.vigia.models.darknet;

import dev.vigia.config.UserError;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The float stream of a Darknet {@code .weights} file, read layer by layer in cfg order: a header
 * (major, minor, revision, images seen as 32 or 64 bits by version), then little-endian float32s.
 */
final class DarknetWeights {

    private final Path file;
    private final FloatBuffer floats;
    private final long headerBytes;

    private DarknetWeights(Path file, FloatBuffer floats, long headerBytes) {
        this.file = file;
        this.floats = floats;
        this.headerBytes = headerBytes;
    }

    static DarknetWeights open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("Darknet weights " + file + " do not exist; put the .weights file beside the .cfg");
        }
        MappedByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(file)) {
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() < 16) {
            throw new UserError("Darknet weights " + file + " are only " + bytes.remaining() + " bytes; the file is cut short");
        }
        int major = bytes.getInt();
        int minor = bytes.getInt();
        bytes.getInt();
        boolean wideSeen = major * 10 + minor >= 2 && major < 1000 && minor < 1000;
        if (wideSeen) {
            bytes.getLong();
        } else {
            bytes.getInt();
        }
        long header = bytes.position();
        if ((bytes.remaining() & 3) != 0) {
            throw new UserError("Darknet weights " + file + " do not hold whole float32 values after the header; the file is damaged");
        }
        return new DarknetWeights(file, bytes.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(), header);
    }

    /** The next {@code count} floats, for the layer that {@code section} describes. */
    float[] next(int count, DarknetCfg.Section section) {
        if (floats.remaining() < count) {
            long needed = headerBytes + 4L * (floats.position() + count);
            throw new UserError("Darknet weights " + file + " end before layer [" + section.type() + "] at "
                    + section.file().getFileName() + " line " + section.line() + " (" + (headerBytes + 4L * floats.limit())
                    + " bytes, at least " + needed + " needed); the file is truncated or belongs to another cfg");
        }
        float[] values = new float[count];
        floats.get(values);
        return values;
    }

    /** Fails when floats are left over: the cfg describes a smaller network than the weights. */
    void requireFullyRead(Path cfg) {
        if (floats.hasRemaining()) {
            throw new UserError("Darknet weights " + file + " have " + floats.remaining() * 4L + " bytes more than "
                    + cfg.getFileName() + " uses; the weights belong to another cfg");
        }
    }
}

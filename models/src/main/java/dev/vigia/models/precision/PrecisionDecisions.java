package dev.vigia.models.precision;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Decisions kept beside a model in the store: one file per CPU under {@code precision/}, named by
 * {@link CpuFeatures#key()}, holding the decision, its reason, the CPU's name and flags and the
 * checksum of the model files it was measured on. A file for other model files is stale (the
 * model was pulled or imported again) and is not used; one CPU's decision never serves another.
 */
public final class PrecisionDecisions {

    private final Path folder;

    /** Decisions for the model whose store folder is {@code modelFolder}. */
    public PrecisionDecisions(Path modelFolder) {
        this.folder = modelFolder.resolve("precision");
    }

    public Path fileFor(CpuFeatures cpu) {
        return folder.resolve(cpu.key() + ".properties");
    }

    /** The decision stored for this CPU and these model files, if any (an unreadable file counts as none). */
    public Optional<PrecisionDecision> find(CpuFeatures cpu, String modelChecksum) {
        Path file = fileFor(cpu);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            if (!modelChecksum.equals(p.getProperty("model_checksum"))
                    || !String.join(" ", cpu.flags()).equals(p.getProperty("cpu_flags"))) {
                return Optional.empty();
            }
            return Optional.of(new PrecisionDecision(Precision.parse(p.getProperty("precision")), p.getProperty("reason"),
                    Double.parseDouble(p.getProperty("fp32_ms")), Double.parseDouble(p.getProperty("bf16_ms")),
                    Double.parseDouble(p.getProperty("trial_seconds"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the decision atomically (a concurrent reader sees the old file or the new one). */
    public void save(CpuFeatures cpu, String modelChecksum, PrecisionDecision decision) {
        Properties p = new Properties();
        p.setProperty("precision", decision.precision().toString());
        p.setProperty("reason", decision.reason());
        p.setProperty("fp32_ms", Double.toString(decision.fp32Ms()));
        p.setProperty("bf16_ms", Double.toString(decision.bf16Ms()));
        p.setProperty("trial_seconds", Double.toString(decision.trialSeconds()));
        p.setProperty("model_checksum", modelChecksum);
        p.setProperty("cpu_model", cpu.modelName());
        p.setProperty("cpu_flags", String.join(" ", cpu.flags()));
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, "decision", ".tmp");
            try (Writer out = Files.newBufferedWriter(temp)) {
                p.store(out, "Vigia precision decision; delete this file to measure again");
            }
            Files.move(temp, fileFor(cpu), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not fatal: the decision holds for this run and is measured again next time.
            org.slf4j.LoggerFactory.getLogger(PrecisionDecisions.class)
                    .warn("Cannot store the precision decision in {}: {}", folder, e.getMessage());
        }
    }
}

package dev.vigia.models.precision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a precision decision depends on in a CPU: its model name and its feature flags, as
 * {@code /proc/cpuinfo} lists them. Tests describe a CPU that is not this one (one without
 * bfloat16) by building one of these.
 */
public record CpuFeatures(String modelName, SortedSet<String> flags) {

    /** Flags that mean the CPU computes bfloat16 dot products itself rather than emulating them. */
    public static final Set<String> NATIVE_BF16 = Set.of("avx512_bf16", "amx_bf16");

    public CpuFeatures {
        modelName = modelName == null ? "unknown" : modelName.trim();
        flags = new TreeSet<>(flags);
    }

    public static CpuFeatures of(String modelName, String spaceSeparatedFlags) {
        return new CpuFeatures(modelName, new TreeSet<>(Set.of(spaceSeparatedFlags.trim().split("\\s+"))));
    }

    /** This machine's first processor in {@code /proc/cpuinfo}; no flags where there is no such file (not Linux). */
    public static CpuFeatures thisMachine() {
        return fromCpuinfo(Path.of("/proc/cpuinfo"));
    }

    static CpuFeatures fromCpuinfo(Path cpuinfo) {
        String model = null;
        String flags = null;
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                if (model == null && key.equals("model name")) {
                    model = line.substring(colon + 1);
                } else if (flags == null && key.equals("flags")) {
                    flags = line.substring(colon + 1);
                }
            }
        } catch (IOException e) {
            // No cpuinfo: no flags known, so bfloat16 is never tried.
        }
        return flags == null ? new CpuFeatures(model, new TreeSet<>()) : of(model, flags);
    }

    public boolean hasNativeBf16() {
        return flags.stream().anyMatch(NATIVE_BF16::contains);
    }

    /** The flags that made {@link #hasNativeBf16()} true, for messages ("avx512_bf16"), or "none". */
    public String bf16Flags() {
        String found = String.join(" ", flags.stream().filter(NATIVE_BF16::contains).toList());
        return found.isEmpty() ? "none" : found;
    }

    /** A file-name-safe key: the model name's letters and a digest of name and flags, so a microcode-level flag change counts as another CPU. */
    public String key() {
        String name = modelName.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelName.getBytes(StandardCharsets.UTF_8));
            sha.update(String.join(" ", flags).getBytes(StandardCharsets.UTF_8));
            return (name.isEmpty() ? "cpu" : name) + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.cddsdecrypt.cli;

import org.cddsdecrypt.export.ExportLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Safety limits shared by the commands that inflate an export. */
public final class ExtractionOptions {
    @Option(
            names = "--max-ratio",
            paramLabel = "N",
            defaultValue = "200",
            description = "Refuse entries that inflate more than N times their compressed size (beyond 16 MiB), "
                    + "a sign of a decompression bomb. Default: ${DEFAULT-VALUE}.")
    double maxRatio;

    @Option(
            names = "--max-size",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description = "Refuse exports that inflate to more than BYTES in all (suffixes k, M, G, T). "
                    + "Default: no limit.")
    Long maxSize;

    @Mixin
    EntryLimitOption entries;

    ExportLimits limits() {
        return new ExportLimits(maxRatio, maxSize == null ? Long.MAX_VALUE : maxSize, entries.maxEntries);
    }
}

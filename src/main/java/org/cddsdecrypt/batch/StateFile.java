package org.cddsdecrypt.batch;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.output.AtomicFile;
import org.cddsdecrypt.output.Permissions;

/**
 * The text files of {@code OUT/.cdds-decrypt} ({@link Journal}, {@link Reported}): a header line, then one line per
 * export, read whole and rewritten whole under a temporary name renamed into place (owner-only), so that readers
 * never see half a file.
 */
final class StateFile {
    private StateFile() {}

    /** The file's lines, header first; none when there is no file yet. */
    static List<String> read(Path file) throws OutputException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw OutputException.of("cannot read " + file, e);
        }
    }

    /** Replaces the file with {@code header} and {@code lines} ({@link AtomicFile} also clears killed writers' files). */
    static void write(Path file, String header, List<String> lines) throws OutputException {
        try (AtomicFile out = AtomicFile.create(file, true, Permissions.OWNER_ONLY)) {
            try {
                Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
                w.write(header + "\n");
                for (String line : lines) {
                    w.write(line + "\n");
                }
                w.flush();
            } catch (IOException e) {
                throw OutputException.of("cannot write " + file, e);
            }
            out.commit();
        }
    }
}

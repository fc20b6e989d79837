package org.cddsdecrypt.export;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.output.AtomicFile;
import org.cddsdecrypt.parts.PartName;

/**
 * {@code decrypt}'s work on the files it is given ({@code "-"} is standard input): each payload written beside its
 * destination under a temporary name and renamed into place only once the whole message decrypted and its padding
 * or tag checked out, or streamed.
 */
public final class FileDecryption {
    private static final int BUFFER = 256 * 1024;

    private final MessageDecryptor decryptor;
    private final WriteOptions options;
    private final List<Path> inputs;

    /** {@code files}: every file of the run, which no output replaces, even with --force. */
    public FileDecryption(KeyRing keys, WriteOptions options, List<String> files) {
        this.decryptor = new MessageDecryptor(keys);
        this.options = options;
        this.inputs = files.stream().filter(f -> !f.equals("-")).map(Path::of).toList();
    }

    /** Opens {@code file} ({@code "-"}: {@code stdin}); a folder or a missing file is a usage error. */
    public static InputStream open(String file, InputStream stdin) throws CddsException {
        if (file.equals("-")) {
            return stdin;
        }
        if (Files.isDirectory(Path.of(file))) {
            throw new UsageException(file + " is a folder: decrypt takes the part files themselves (e.g. " + file
                    + File.separator + "*.smime); to extract the exports in it, use 'cdds-decrypt extract PART' or "
                    + "'cdds-decrypt batch --out DIR " + file + "'");
        }
        try {
            return Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new CorruptInputException("cannot read: " + e.getMessage(), e);
        }
    }

    /** The name of {@code file}'s payload: without its .smime/.p7m/.pem suffix. */
    public static String outputName(String file) {
        return PartName.withoutWrapperSuffix(
                file.equals("-") ? "stdin" : Path.of(file).getFileName().toString());
    }

    /**
     * A warning for each split export's final {@code .zip} segment given without its first segment, which is beside
     * it: decrypting only that piece is rarely what was meant (a shell glob such as {@code *.zip.smime} picks it
     * alone).
     */
    public static List<String> loneFinalSegments(List<String> files) {
        List<String> warnings = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            Optional<PartName> part =
                    file.equals("-") ? Optional.empty() : PartName.parse(String.valueOf(path.getFileName()));
            if (part.isEmpty() || !part.get().isFinal()) {
                continue;
            }
            Path first = path.resolveSibling(part.get().sibling(1));
            if (Files.exists(first)
                    && files.stream()
                            .noneMatch(f -> !f.equals("-")
                                    && Path.of(f)
                                            .toAbsolutePath()
                                            .normalize()
                                            .equals(first.toAbsolutePath().normalize()))) {
                warnings.add(file + " is only the last segment of a split export (" + first.getFileName()
                        + " is beside it): give every part (" + part.get().base() + ".*"
                        + part.get().wrapper()
                        + "), or use 'extract' for the whole export");
            }
        }
        return warnings;
    }

    /** Decrypts {@code raw}, the message in {@code file}, into the file {@code destination}. */
    public void toFile(String file, InputStream raw, Path destination) throws IOException {
        InputStream plain = decryptor.open(raw, file);
        try (AtomicFile out = AtomicFile.create(destination, options.force(), options.permissions(), inputs)) {
            copy(plain, out.stream(), destination.toString());
            out.commit();
        }
    }

    /** Decrypts {@code raw}, the message in {@code file}, to standard output {@code stdout}. */
    public void toStandardOutput(String file, InputStream raw, OutputStream stdout) throws IOException {
        copy(decryptor.open(raw, file), stdout, "standard output");
        try {
            stdout.flush();
        } catch (IOException e) {
            throw new OutputException("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    /** Copies plaintext; read errors keep their own exit code, write errors become output errors. */
    private static void copy(InputStream plain, OutputStream out, String destination) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n = plain.read(buffer); n >= 0; n = plain.read(buffer)) {
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw OutputException.of("cannot write " + destination, e);
            }
        }
    }
}

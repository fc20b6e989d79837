package org.cddsdecrypt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.FileDecryption;
import org.cddsdecrypt.export.Warmup;
import org.cddsdecrypt.export.WriteOptions;
import org.cddsdecrypt.io.CountingInputStream;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code decrypt}: the payload of each S/MIME file, byte-identical to {@code openssl smime -decrypt -binary}. */
@Command(
        name = "decrypt",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypts S/MIME, PEM or DER CMS files (one file per export part) and writes each payload; "
                    + "prints the path of each file written.",
            "The output is written beside its destination under a temporary name and renamed into place only "
                    + "after the whole message decrypted and its padding or tag checked out. With several FILEs, "
                    + "a failure does not stop the others; the exit status is that of the first failure.",
            "A split export's parts are its zip's segments: decrypt them all (7-Zip reads the split zip), or use "
                    + "'extract'. The final .zip segment given without the parts beside it is decrypted with a "
                    + "warning."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt decrypt -k my.key export-2b71….zip.smime     # an unsplit export",
            "  cdds-decrypt decrypt -k my.key export-2b71….*.smime       # every part of one",
            "  mkdir parts && cdds-decrypt decrypt -k keys/ -o parts/ ~/Downloads/*.smime",
            "  cdds-decrypt decrypt -k my.key -o - export-2b71….zip.smime | sha256sum"
        })
public final class DecryptCommand extends BaseCommand {
    @Mixin
    ProgressOptions progressOptions;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "Output file (one input), directory, or '-' for standard output. "
                    + "Default: each FILE without its .smime/.p7m/.pem suffix, in the current directory.")
    String output;

    @Option(
            names = {"-f", "--force"},
            description = "Replace existing output files (regular files only; never a "
                    + "folder, a link or one of the FILEs).")
    boolean force;

    @Option(names = "--umask", description = "Create output with the process umask instead of owner-only mode.")
    boolean umask;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "S/MIME/CMS files to decrypt; '-' reads stdin.")
    List<String> files;

    @Override
    public Integer call() throws Exception {
        validate();
        Environment env = env();
        long total = totalSize();
        Warmup.expectContent(total);
        KeyRing keys = keyOptions.load(env::get, env.warnings(verbosity));
        FileDecryption.loneFinalSegments(files).forEach(env.warnings(verbosity));
        CddsException first = null;
        try (Progress progress = progressOptions.start(env, verbosity, total)) {
            FileDecryption decryption = new FileDecryption(
                    keys.whenOpening(KeyOptions.expiryWarnings(progress.around(env.warnings(verbosity)))),
                    new WriteOptions(force, umask),
                    files);
            for (String file : files) {
                try {
                    decryptOne(decryption, file, progress);
                } catch (CddsException e) {
                    if (files.size() == 1) {
                        throw e;
                    }
                    progress.clearLine();
                    String message = String.valueOf(e.getMessage());
                    env.err()
                            .println(Failures.line(
                                    (message.contains(file) ? "" : file + ": ") + message,
                                    spec.commandLine()
                                            .getParseResult()
                                            .originalArgs()
                                            .toArray(new String[0])));
                    first = first == null ? e : first;
                }
            }
            if (first == null) {
                progress.finish();
            }
        }
        if (first != null) {
            return first.exitCode().code();
        }
        return 0;
    }

    /** The bytes to read, for the progress display and the warm-up; -1 (unknown) when standard input is among them. */
    private long totalSize() {
        long total = 0;
        for (String file : files) {
            try {
                if (file.equals("-")) {
                    return -1;
                }
                total += Files.size(Path.of(file));
            } catch (IOException e) {
                // reported when the file is opened
            }
        }
        return total;
    }

    private void validate() throws UsageException {
        boolean toStdout = "-".equals(output);
        if (files.contains("-") && output == null) {
            throw new UsageException("reading standard input needs -o OUT (a file name, or '-' for stdout)");
        }
        if (files.size() > 1 && output != null && !toStdout && !Files.isDirectory(Path.of(output))) {
            throw new UsageException("with several FILEs, -o must name an existing directory (or '-')");
        }
    }

    private void decryptOne(FileDecryption decryption, String file, Progress progress) throws IOException {
        Environment env = env();
        try (InputStream raw = new CountingInputStream(FileDecryption.open(file, env.stdin()), progress)) {
            if ("-".equals(output)) {
                decryption.toStandardOutput(file, raw, env.stdout());
                return;
            }
            Path destination = destinationFor(file);
            decryption.toFile(file, raw, destination);
            if (verbosity.verbose && !verbosity.quiet) {
                progress.clearLine();
                env.err()
                        .println(Failures.PROGRAM + ": decrypted " + Untrusted.text(file) + " -> "
                                + Untrusted.text(destination.toString()));
            }
            if (!verbosity.quiet) {
                out().println(Untrusted.text(destination.toString()));
            }
        } catch (CorruptInputException e) {
            throw e.in(file.equals("-") ? "standard input" : file); // say which file is not what it should be
        }
    }

    private Path destinationFor(String file) {
        String name = FileDecryption.outputName(file);
        if (output == null) {
            return Path.of(name);
        }
        Path out = Path.of(output);
        return Files.isDirectory(out) ? out.resolve(name) : out;
    }
}

package org.cddsdecrypt.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.io.CountingInputStream;
import org.cddsdecrypt.export.MessageDecryptor;
import org.cddsdecrypt.error.OutputException;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.output.AtomicFile;
import org.cddsdecrypt.output.Outputs;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.parts.PartName;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code decrypt}: the payload of each S/MIME file, byte-identical to {@code openssl smime -decrypt -binary}. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypts S/MIME, PEM or DER CMS files (one file per export part) and writes each payload; "
                + "prints the path of each file written.",
            "The output is written beside its destination under a temporary name and renamed into place only "
                    + "after the whole message decrypted and its padding or tag checked out. With several FILEs, "
                    + "a failure does not stop the others; the exit status is that of the first failure.",
            "A split export's parts are its zip's segments: decrypt them all (7-Zip reads the split zip), or use "
                    + "'extract'. The final .zip segment given without the parts beside it is decrypted with a "
                    + "warning."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt decrypt -k my.key export-2b71….zip.smime     # an unsplit export",
            "  cdds-decrypt decrypt -k my.key export-2b71….*.smime       # every part of one",
            "  mkdir parts && cdds-decrypt decrypt -k keys/ -o parts/ ~/Downloads/*.smime",
            "  cdds-decrypt decrypt -k my.key -o - export-2b71….zip.smime | sha256sum"})
public final class DecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    Verbosity verbosity;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output file (one input), directory, or '-' for standard output. "
                    + "Default: each FILE without its .smime/.p7m/.pem suffix, in the current directory.")
    String output;

    @Option(names = {"-f", "--force"}, description = "Replace existing output files (regular files only; never a "
            + "folder, a link or one of the FILEs).")
    boolean force;

    @Option(names = "--umask", description = "Create output with the process umask instead of owner-only mode.")
    boolean umask;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "S/MIME/CMS files to decrypt; '-' reads stdin.")
    List<String> files;

    @Override
    public Integer call() throws Exception {
        validate();
        Environment env = Environment.of(spec);
        KeyRing keys = keyOptions.load(env::get, env.warnings(verbosity));
        warnAboutLoneFinalSegments(env.warnings(verbosity));
        CddsException first = null;
        try (Progress progress = progressOptions.start(env, verbosity, totalSize())) {
            MessageDecryptor decryptor = new MessageDecryptor(
                    keys.whenOpening(KeyOptions.expiryWarnings(progress.around(env.warnings(verbosity)))));
            for (String file : files) {
                try {
                    decryptOne(decryptor, file, progress);
                } catch (CddsException e) {
                    if (files.size() == 1) {
                        throw e;
                    }
                    progress.clearLine();
                    String message = String.valueOf(e.getMessage());
                    env.err().println(Failures.line((message.contains(file) ? "" : file + ": ") + message,
                            spec.commandLine().getParseResult().originalArgs().toArray(new String[0])));
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

    /**
     * A split export's final {@code .zip} segment given without its first segment, which is beside it: decrypting
     * only that piece is rarely what was meant (a shell glob such as {@code *.zip.smime} picks it alone).
     */
    private void warnAboutLoneFinalSegments(java.util.function.Consumer<String> warn) {
        for (String file : files) {
            Path path = Path.of(file);
            Optional<PartName> part = file.equals("-") ? Optional.empty()
                    : PartName.parse(String.valueOf(path.getFileName()));
            if (part.isEmpty() || !part.get().isFinal()) {
                continue;
            }
            Path first = path.resolveSibling(part.get().sibling(1));
            if (Files.exists(first) && files.stream().noneMatch(f -> !f.equals("-")
                    && Path.of(f).toAbsolutePath().normalize().equals(first.toAbsolutePath().normalize()))) {
                warn.accept(file + " is only the last segment of a split export (" + first.getFileName()
                        + " is beside it): give every part (" + part.get().base() + ".*" + part.get().wrapper()
                        + "), or use 'extract' for the whole export");
            }
        }
    }

    /** The bytes to read, for the progress display; -1 (unknown) when standard input is among the files. */
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

    private void decryptOne(MessageDecryptor decryptor, String file, Progress progress) throws IOException {
        try (InputStream raw = new CountingInputStream(open(file), progress)) {
            decryptStream(decryptor, file, raw, progress);
        } catch (CorruptInputException e) {
            throw e.in(file.equals("-") ? "standard input" : file); // say which file is not what it should be
        }
    }

    private void decryptStream(MessageDecryptor decryptor, String file, InputStream raw, Progress progress)
            throws IOException {
        InputStream plain = decryptor.open(raw, file);
        if ("-".equals(output)) {
            writeToStdout(plain);
            return;
        }
        Path destination = destinationFor(file);
        try (AtomicFile out = AtomicFile.create(destination, force,
                umask ? Permissions.UMASK : Permissions.OWNER_ONLY, inputPaths())) {
            copy(plain, out.stream(), destination);
            out.commit();
        }
        if (verbosity.verbose && !verbosity.quiet) {
            progress.clearLine();
            spec.commandLine().getErr().println(Failures.PROGRAM + ": decrypted " + Untrusted.text(file) + " -> "
                    + Untrusted.text(destination.toString()));
        }
        if (!verbosity.quiet) {
            spec.commandLine().getOut().println(Untrusted.text(destination.toString()));
        }
    }

    /** The files being decrypted: never replaced by an output, even with --force. */
    private List<Path> inputPaths() {
        return files.stream().filter(f -> !f.equals("-")).map(Path::of).toList();
    }

    private InputStream open(String file) throws CddsException {
        if (file.equals("-")) {
            return Environment.of(spec).stdin();
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

    private Path destinationFor(String file) {
        String name = PartName.withoutWrapperSuffix(file.equals("-") ? "stdin" : Path.of(file).getFileName().toString());
        if (output == null) {
            return Path.of(name);
        }
        Path out = Path.of(output);
        return Files.isDirectory(out) ? out.resolve(name) : out;
    }

    /** Copies plaintext; read errors keep their own exit code, write errors become output errors. */
    private static void copy(InputStream plain, OutputStream out, Path destination) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        for (int n = plain.read(buffer); n >= 0; n = plain.read(buffer)) {
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw Outputs.failure("cannot write " + destination, e);
            }
        }
    }

    private void writeToStdout(InputStream plain) throws IOException {
        OutputStream stdout = Environment.of(spec).stdout();
        copy(plain, stdout, Path.of("standard output"));
        try {
            stdout.flush();
        } catch (IOException e) {
            throw new OutputException("cannot write to standard output: " + e.getMessage(), e);
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}

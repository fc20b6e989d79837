package org.cddsdecrypt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a separate JVM, for what an in-process run cannot control: the working folder, the
 * process umask, the temporary folder.
 */
public final class CliProcess {
    private Path workingDirectory;
    private String umask = "022";
    private Path tmpdir;
    private final List<String> jvmOptions = new ArrayList<>();

    public CliProcess in(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    /** Octal umask the process starts with. */
    public CliProcess umask(String octal) {
        this.umask = octal;
        return this;
    }

    /** {@code java.io.tmpdir} of the process. */
    public CliProcess tmpdir(Path dir) {
        this.tmpdir = dir;
        return this;
    }

    /** An option for the JVM, such as {@code -Xlog:...}. */
    public CliProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public Cli.Result run(Object... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "umask " + umask + " && exec \"$@\"",
                "sh",
                java.toString(),
                "-cp",
                System.getProperty("java.class.path")));
        if (tmpdir != null) {
            command.add("-Djava.io.tmpdir=" + tmpdir);
        }
        command.addAll(jvmOptions);
        command.add("org.cddsdecrypt.cli.Main");
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        try {
            Path out = Files.createTempFile("cdds-cli-out", ".txt");
            Path err = Files.createTempFile("cdds-cli-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                if (workingDirectory != null) {
                    pb.directory(workingDirectory.toFile());
                }
                pb.environment().remove("CDDS_DECRYPT_KEYS");
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("cdds-decrypt did not finish: " + command);
                }
                Cli.Result result = new Cli.Result(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8),
                        new byte[0]);
                MessageAudit.record(
                        command.subList(command.indexOf("org.cddsdecrypt.cli.Main") + 1, command.size()),
                        result.code(),
                        result.err());
                return result;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

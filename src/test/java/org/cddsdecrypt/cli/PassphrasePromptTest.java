package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cddsdecrypt.testing.ChildJvm;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passphrase prompt on a real terminal (a pseudo-terminal from util-linux {@code script}): it starts on a line
 * of its own, no progress frame is drawn over it, and Ctrl-C (SIGTERM here: the same shutdown) ends its line so
 * the shell's prompt does not follow it.
 */
class PassphrasePromptTest {
    @TempDir
    Path tmp;

    @Test
    void thePromptHasItsOwnLineAndAnInterruptEndsIt() throws Exception {
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script is not installed: no pseudo-terminal");
        List<String> java = ChildJvm.command(
                List.of(),
                "extract",
                "-k",
                Fixtures.key("rsa-pkcs8-enc.key"),
                "-o",
                tmp.resolve("out"),
                UxFixtures.part("split12", "z01"));
        ProcessBuilder pb =
                new ProcessBuilder(script.toString(), "-qefc", "exec " + ChildJvm.shellQuoted(java), "/dev/null");
        pb.environment().remove("CI");
        Path log = Files.createTempFile("cdds-prompt", ".txt");
        pb.redirectErrorStream(true).redirectOutput(log.toFile()); // a file: what comes after the kill is kept
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Passphrase for") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String screen = Files.readString(log);
            int prompt = screen.indexOf("Passphrase for ");
            assertTrue(prompt >= 0, "no prompt: " + screen);
            Thread.sleep(500); // time for frames to be drawn over the prompt, if they were
            String asking = Files.readString(log).substring(prompt);
            assertTrue(
                    asking.matches("Passphrase for [^\\r\\n]*rsa-pkcs8-enc\\.key: "),
                    "only the prompt: " + asking.replace("\r", "\\r"));
            String before = screen.substring(0, prompt);
            assertTrue(
                    before.isEmpty() || before.endsWith("\r") || before.endsWith("\n"),
                    "the prompt starts at the left: " + before.replace("\r", "\\r"));

            Optional<ProcessHandle> jvm = child.toHandle()
                    .descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                    .findFirst();
            assertTrue(jvm.isPresent(), "the tool's JVM under script");
            jvm.get().destroy(); // SIGTERM to the JVM this test started
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            String after = Files.readString(log).substring(prompt);
            assertTrue(after.contains("\n"), "the prompt's line is ended: " + after.replace("\r", "\\r"));
            assertFalse(Files.exists(tmp.resolve("out")));
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /**
     * keygen asks a new key's passphrase twice on the terminal, without echo; two that differ are asked again. The
     * key it writes opens in openssl with that passphrase.
     */
    @Test
    void keygenAsksTheNewPassphraseTwiceWithoutEcho() throws Exception {
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script is not installed: no pseudo-terminal");
        Path key = tmp.resolve("cdds.key");
        List<String> keygen = ChildJvm.command(
                List.of(), "keygen", "--key", key, "--cert", tmp.resolve("cdds.crt"), "--key-size", "2048");
        ProcessBuilder pb =
                new ProcessBuilder(script.toString(), "-qefc", "exec " + ChildJvm.shellQuoted(keygen), "/dev/null");
        Path log = Files.createTempFile("cdds-prompt", ".txt");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process child = pb.start();
        String secret = "Typed-Secret-5e1f";
        try (java.io.Writer typing =
                new java.io.OutputStreamWriter(child.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8)) {
            String[] answers = {secret, "a different one", secret, secret};
            String[] prompts = {
                "Passphrase for the new key ",
                "The same passphrase again: ",
                "Passphrase for the new key ",
                "The same passphrase again: "
            };
            int from = 0;
            for (int i = 0; i < answers.length; i++) {
                from = awaitText(log, prompts[i], from) + prompts[i].length();
                typing.write(answers[i] + "\n");
                typing.flush();
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "keygen finished");
            String screen = Files.readString(log);
            assertTrue(screen.contains("The two passphrases differ; try again."), screen);
            assertTrue(screen.contains("certificate:  "), screen);
            assertFalse(screen.contains(secret), "no echo: " + screen);
            Processes.Run read =
                    Processes.run("openssl", "pkey", "-in", key.toString(), "-passin", "pass:" + secret, "-noout");
            assertTrue(read.code() == 0, read.output());
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** Where {@code text} appears in the log at or after {@code from}, waiting for it. */
    private static int awaitText(Path log, String text, int from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int at = Files.readString(log).indexOf(text, from);
            if (at >= 0) {
                return at;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' in: " + Files.readString(log));
    }
}

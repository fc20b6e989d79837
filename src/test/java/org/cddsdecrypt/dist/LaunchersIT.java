package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cddsdecrypt.testing.Openssl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both POSIX launchers, the distribution's {@code bin/cdds-decrypt} (unpacked from the tar.gz) and the source
 * checkout's {@code scripts/cdds-decrypt} (in a copy of a built checkout), run as cron runs them: with an empty
 * environment but for {@code PATH}. Non-ASCII folder, inbox and entry names work; a JAVA_HOME without Java, or no
 * Java at all, is one clear line and exit 127; the JVM's own warnings never reach stdout; a read-only target/ does
 * not stop the source launcher.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX launchers; CI's Windows job runs the .bat itself")
class LaunchersIT {
    private static final Path WORK = DistributionIT.TARGET.resolve("it-launchers");
    private static final Path DEMO = Path.of("testdata/demo").toAbsolutePath();
    private static final String EXPORT = "export-0c0ffee0-1111-4222-8333-444455556666";
    private static final String ENTRY = "Réclamations-Köln.jsonl";
    private static final String CONTENT = "{\"ville\":\"Köln\",\"objet\":\"réclamation\"}\n";
    private static Path distLauncher;
    private static Path inbox;
    private static Path key;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void prepare() throws Exception {
        DistributionIT.deleteTree(WORK);
        Files.createDirectories(WORK);
        distLauncher = DistributionIT.unpackTarGz(WORK.resolve("dist")).resolve("bin/cdds-decrypt");
        checkout(WORK.resolve("checkout"), false);
        key = Files.copy(DEMO.resolve("demo-key.pem"), WORK.resolve("demo-key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        // One export whose entries have non-ASCII names, in an inbox with one; made by the JDK's zip writer (UTF-8
        // names) and openssl, not by this code.
        inbox = Files.createDirectories(WORK.resolve("Boîte"));
        Path zip = WORK.resolve("plain.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip), StandardCharsets.UTF_8)) {
            z.putNextEntry(new ZipEntry("Données/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("Données/" + ENTRY));
            z.write(CONTENT.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Openssl.encrypt(zip, inbox.resolve(EXPORT + ".zip.smime"), DEMO.resolve("demo-cert.pem"));
    }

    /**
     * A built source checkout as the launcher sees it: the launcher, the jar and lib/, and with {@code demo} the
     * demo export, from which the launcher makes its class-data archive (slow: left out where not under test).
     */
    private static Path checkout(Path root, boolean demo) throws IOException {
        Path target = Files.createDirectories(root.resolve("target/lib"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(Path.of("scripts/cdds-decrypt"), root.resolve("scripts/cdds-decrypt"));
        try (Stream<Path> jars = Files.list(DistributionIT.TARGET.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, target.resolve(jar.getFileName()));
            }
        }
        String jar = "cdds-decrypt-" + DistributionIT.VERSION + ".jar";
        Files.copy(DistributionIT.TARGET.resolve(jar), root.resolve("target").resolve(jar));
        if (demo) {
            Files.createDirectories(root.resolve("testdata"));
            copyTree(DEMO, root.resolve("testdata/demo"));
        }
        return root.resolve("scripts/cdds-decrypt");
    }

    private static Path launcher(String which) {
        return which.equals("dist") ? distLauncher : WORK.resolve("checkout/scripts/cdds-decrypt");
    }

    /** What cron gives a job, at most: a PATH (here with the Java under test first), no LANG, no JAVA_HOME. */
    private static Map<String, String> cron() {
        return Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void nonAsciiFoldersInboxesAndEntriesWorkWithAnEmptyEnvironment(String which) throws Exception {
        Path downloads = Files.createDirectories(WORK.resolve(which + "-Téléchargements"));
        Path tree = downloads.resolve("arbre-" + which);

        Run extract = run(
                cron(),
                List.of(
                        launcher(which).toString(),
                        "extract",
                        "-k",
                        key.toString(),
                        "-o",
                        tree.toString(),
                        inbox.resolve(EXPORT + ".zip.smime").toString()));
        assertEquals(0, extract.code(), extract.toString());
        assertEquals(tree + "\n", extract.out());
        assertEquals(CONTENT, Files.readString(tree.resolve("Données").resolve(ENTRY)));

        Run list = run(
                cron(),
                List.of(
                        launcher(which).toString(),
                        "list",
                        "-k",
                        key.toString(),
                        inbox.resolve(EXPORT + ".zip.smime").toString()));
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains("Données/" + ENTRY), list.out());

        Path out = downloads.resolve("lot-" + which);
        Run batch = run(
                cron(),
                List.of(
                        launcher(which).toString(),
                        "batch",
                        "--json",
                        "-k",
                        key.toString(),
                        "--out",
                        out.toString(),
                        inbox.toString()));
        assertEquals(0, batch.code(), batch.toString());
        assertEquals("", batch.err());
        JsonNode done =
                new ObjectMapper().readTree(batch.out().lines().findFirst().orElseThrow());
        assertEquals("done", done.get("status").asText(), batch.out());
        assertEquals(inbox.toString(), done.get("inbox").asText(), "the inbox's name, as UTF-8");
        assertEquals(
                CONTENT, Files.readString(out.resolve(EXPORT).resolve("Données").resolve(ENTRY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void keygenAndKeysWorkInANonAsciiFolderWithAnEmptyEnvironment(String which) throws Exception {
        Path folder = WORK.resolve(which + "-Téléchargements").resolve("clés");
        Path newKey = folder.resolve("cdds.key");
        Path cert = folder.resolve("cdds.crt");

        Run keygen = run(
                cron(),
                List.of(
                        launcher(which).toString(),
                        "keygen",
                        "--no-passphrase",
                        "--key-size",
                        "2048",
                        "--key",
                        newKey.toString(),
                        "--cert",
                        cert.toString()));
        assertEquals(0, keygen.code(), keygen.toString());
        assertEquals("", keygen.err());
        assertTrue(keygen.out().startsWith("key:          " + newKey + " (RSA 2048 bits"), keygen.out());
        assertTrue(keygen.out().contains("\ncertificate:  " + cert + "\n"), keygen.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(newKey)));
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----"));

        Run keys = run(cron(), List.of(launcher(which).toString(), "keys", "-k", folder.toString()));
        assertEquals(0, keys.code(), keys.toString());
        assertEquals("", keys.err());
        List<String> lines = keys.out().lines().toList();
        assertEquals(1, lines.size(), "cdds.crt is the certificate of cdds.key, not a second key: " + keys.out());
        assertTrue(lines.get(0).startsWith(newKey + ": RSA 2048 bits; certificate \"CN=cdds-decrypt "), lines.get(0));
        assertTrue(lines.get(0).endsWith(", matches the key"), lines.get(0));

        Run json = run(cron(), List.of(launcher(which).toString(), "keys", "--json", "-k", newKey.toString()));
        assertEquals(0, json.code(), json.toString());
        assertEquals(
                newKey.toString(),
                new ObjectMapper().readTree(json.out()).get(0).get("file").asText(),
                "the key's name, as UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void aJavaHomeWithoutJavaIsNamedAndExits127(String which) throws Exception {
        Map<String, String> env = new HashMap<>(cron());
        Path empty = Files.createDirectories(WORK.resolve("not-a-jdk"));
        env.put("JAVA_HOME", empty.toString());

        Run r = run(env, List.of(launcher(which).toString(), "--version"));

        assertEquals(127, r.code(), r.toString());
        assertEquals("", r.out());
        assertEquals(
                "cdds-decrypt: JAVA_HOME=" + empty + " has no bin/java: point it at a Java 17 or later, or unset "
                        + "it to use the java on the PATH\n",
                r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void noJavaAtAllExits127(String which) throws Exception {
        Path bin = binWithoutJava();

        Run r = run(Map.of("PATH", bin.toString()), List.of(launcher(which).toString(), "--version"));

        assertEquals(127, r.code(), r.toString());
        assertEquals("", r.out());
        assertEquals(
                "cdds-decrypt: no java on the PATH (" + bin + "): install Java 17 or later, or set JAVA_HOME\n",
                r.err());
    }

    /** A folder with every command of /usr/bin and /bin but java, so that only Java is missing from a PATH of it. */
    static synchronized Path binWithoutJava() throws IOException {
        Path bin = DistributionIT.TARGET.resolve("it-bin-without-java");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            for (String dir : List.of("/usr/bin", "/bin")) {
                try (Stream<Path> commands = Files.list(Path.of(dir))) {
                    for (Path c : commands.toList()) {
                        Path link = bin.resolve(c.getFileName().toString());
                        if (!c.getFileName().toString().equals("java") && !Files.exists(link)) {
                            Files.createSymbolicLink(link, c);
                        }
                    }
                }
            }
        }
        return bin;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void theJvmsOwnWarningsGoToStderrNotIntoTheJsonOnStdout(String which) throws Exception {
        Map<String, String> env = new HashMap<>(cron());
        // Large pages are rarely configured: the JVM then warns, on stdout by default.
        env.put("JAVA_OPTS", "-XX:+UseLargePages");
        Path out = WORK.resolve("warnings-" + which);

        Run r = run(
                env,
                List.of(
                        launcher(which).toString(),
                        "batch",
                        "--json",
                        "-k",
                        key.toString(),
                        "--out",
                        out.toString(),
                        inbox.toString()));

        assertEquals(0, r.code(), r.toString());
        assumeTrue(r.err().contains("[warning]"), "this machine has large pages: the JVM has nothing to warn about");
        ObjectMapper json = new ObjectMapper();
        for (String line : r.out().lines().toList()) {
            assertTrue(json.readTree(line).has("time"), line);
        }
        assertEquals(2, r.out().lines().count(), r.out());
    }

    @Test
    void theSourceLauncherRunsFromAReadOnlyTargetWithoutItsClassDataArchive() throws Exception {
        Path root = WORK.resolve("checkout-ro");
        Path launcher = checkout(root, true);
        Path target = root.resolve("target");
        // A stale archive it cannot remove, and no room to make a new one.
        Path stale = Files.writeString(target.resolve("cdds-decrypt.jsa"), "stale");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        boolean mounted = readOnly(target);
        try {
            assertFalse(Files.isWritable(target), "target/ is read-only");
            Path tree = WORK.resolve("from-read-only");
            Run r = run(
                    cron(),
                    List.of(
                            launcher.toString(),
                            "extract",
                            "-k",
                            key.toString(),
                            "-o",
                            tree.toString(),
                            inbox.resolve(EXPORT + ".zip.smime").toString()));
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), "no rm or mktemp complaint, no JVM warning about the archive");
            assertEquals(CONTENT, Files.readString(tree.resolve("Données").resolve(ENTRY)));
            try (Stream<Path> names = Files.list(target)) {
                assertEquals(
                        List.of("cdds-decrypt-" + DistributionIT.VERSION + ".jar", "cdds-decrypt.jsa", "lib"),
                        names.map(p -> p.getFileName().toString()).sorted().toList());
            }
        } finally {
            if (mounted) {
                run(Map.of("PATH", "/usr/bin:/bin"), List.of("umount", target.toString()));
            } else {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /**
     * The source launcher makes its class-data archive after a build, once, in target/, and leaves nothing in the
     * folder it was started from. (A lambda implementing one of picocli's interfaces once made Java 17's archive
     * dump crash: no archive, a slower start on every run.)
     */
    @Test
    void theSourceLauncherMakesItsClassDataArchiveAndLeavesNothingWhereItRuns() throws Exception {
        Path root = WORK.resolve("checkout-cds");
        Path launcher = checkout(root, true);
        Path cwd = Files.createDirectories(WORK.resolve("cds-cwd"));

        Run r = run(cron(), List.of(launcher.toString(), "--version"), cwd);

        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("cdds-decrypt " + DistributionIT.VERSION), r.out());
        assertEquals("", r.err());
        assertEquals(
                List.of("cdds-decrypt-" + DistributionIT.VERSION + ".jar", "cdds-decrypt.jsa", "lib"),
                names(root.resolve("target")),
                "the archive, and no work folder left");
        assertEquals(List.of(), names(cwd), "nothing in the current folder");
    }

    /**
     * When the archive cannot be made (here a stand-in java whose dump crashes as Java 17's did, writing its crash
     * report where -XX:ErrorFile says, else into the current folder), the tool still runs; the next run does not
     * pay for another try, and no crash report is left in the user's folder.
     */
    @Test
    void aClassDataArchiveThatCannotBeMadeIsTriedOnceAndLeavesNoCrashReport() throws Exception {
        Path root = WORK.resolve("checkout-cds-crash");
        Path launcher = checkout(root, true);
        Path cwd = Files.createDirectories(WORK.resolve("cds-crash-cwd"));
        Path dumps = WORK.resolve("cds-crash-dumps");
        Path home = Files.createDirectories(WORK.resolve("crashing-java/bin"));
        Path java = Files.writeString(
                home.resolve("java"),
                "#!/bin/sh\n"
                        + "for a in \"$@\"; do [ \"$a\" = -Xshare:dump ] && dump=1; done\n"
                        + "if [ -n \"$dump\" ]; then\n"
                        + "  echo dump >> '" + dumps + "'\n"
                        + "  report=hs_err_pid$$.log\n"
                        + "  for a in \"$@\"; do case $a in -XX:ErrorFile=*) report=$(echo \"${a#*=}\" | sed \"s/%p/$$/\");; "
                        + "esac; done\n"
                        + "  echo '# A fatal error has been detected' > \"$report\"; exit 134\n"
                        + "fi\n"
                        + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env =
                Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", home.getParent().toString());
        List<String> version = List.of(launcher.toString(), "--version");

        Run first = run(env, version, cwd);
        Run second = run(env, version, cwd);

        for (Run r : List.of(first, second)) {
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith("cdds-decrypt " + DistributionIT.VERSION), r.out());
            assertEquals("", r.err());
        }
        assertEquals(List.of("dump"), Files.readAllLines(dumps), "one try for this jar");
        assertEquals(List.of(), names(cwd), "no crash report in the current folder");
        assertEquals(
                List.of("cdds-decrypt-" + DistributionIT.VERSION + ".jar", "cdds-decrypt.jsa.failed", "lib"),
                names(root.resolve("target")));
    }

    /**
     * A JVM that crashes (here: out of memory with {@code -XX:+CrashOnOutOfMemoryError}, with the limit on core files
     * lifted as a user debugging something may have it) writes no core dump, which would hold the private key, and
     * nothing into the current folder: its report goes to a folder of the user's own ({@code 0700}), named in the
     * JVM's crash message, or with no home at all onto stderr itself. The run fails with the internal-error code.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    void aCrashingJvmLeavesNoCoreDumpAndNoReportInTheCurrentFolder(String which) throws Exception {
        Path home = WORK.resolve("crash-home-" + which);
        Path reports = home.resolve(".local/state/cdds-decrypt");
        for (boolean withHome : List.of(true, false)) {
            Path cwd = Files.createDirectories(WORK.resolve("crash-cwd-" + which + "-" + withHome));
            Map<String, String> env = new HashMap<>(cron());
            env.put("JAVA_OPTS", "-Xms4m -Xmx4m -Xmn1m -XX:+CrashOnOutOfMemoryError");
            if (withHome) {
                env.put("HOME", home.toString());
            }
            List<String> command = List.of(
                    "/bin/bash",
                    "-c",
                    "ulimit -c unlimited 2>/dev/null; exec \"$@\"",
                    "crash",
                    launcher(which).toString(),
                    "extract",
                    "-k",
                    key.toString(),
                    "-o",
                    WORK.resolve("crash-trees-" + which + "-" + withHome + "/tree")
                            .toString(),
                    DEMO.resolve("export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.zip.smime")
                            .toString());

            Run r = run(env, command, cwd);

            assertEquals(1, r.code(), r.toString());
            assertTrue(r.out().contains("CreateCoredumpOnCrash turned off, no core file dumped"), r.toString());
            assertEquals(List.of(), names(cwd), "nothing in the current folder");
            if (withHome) {
                List<String> written = names(reports);
                assertEquals(1, written.size(), written.toString());
                assertTrue(written.get(0).matches("hs_err_pid\\d+\\.log"), written.toString());
                // The JVM's crash message names it, on stdout: the JVM chose that stream before it read its options.
                assertTrue(r.out().contains(reports.resolve(written.get(0)).toString()), r.toString());
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reports)));
            } else {
                assertTrue(r.err().contains("S U M M A R Y"), "the report on stderr: " + r.err());
            }
        }
    }

    /**
     * Nothing is written outside the destination, not even by the JVM: no performance-data file in /tmp
     * ({@code hsperfdata_USER/PID}, which a killed run leaves behind) while the tool runs. Checked while a decrypt
     * waits for its part on standard input, after it loaded the key (whose warning says so).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dist", "source"})
    @EnabledOnOs(OS.LINUX) // where HotSpot keeps the file under /tmp
    void theJvmKeepsNoPerformanceDataFileInTmp(String which) throws Exception {
        Path readable = Files.copy(DEMO.resolve("demo-key.pem"), WORK.resolve("perf-data-key-" + which + ".pem"));
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        ProcessBuilder pb =
                new ProcessBuilder(launcher(which).toString(), "decrypt", "-k", readable.toString(), "-o", "-", "-");
        pb.environment().clear();
        pb.environment().putAll(cron());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (java.io.BufferedReader err =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String warning = err.readLine();
            assertTrue(warning != null && warning.contains("accessible by group or others"), warning);
            Path perfData = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(p.pid()));
            assertFalse(Files.exists(perfData), perfData + " exists");
        } finally {
            p.getOutputStream().close();
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "ended once its input did");
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A fresh clone has no target/: the source launcher builds (here a stand-in {@code mvn} that puts the built jar
     * and lib/ in place and counts its calls), then runs the command; the next run finds the jar and builds nothing.
     */
    @Test
    void theSourceLauncherBuildsOnAFreshCloneThenRuns() throws Exception {
        Path root = unbuiltCheckout("checkout-fresh");
        Path calls = WORK.resolve("fresh-mvn-calls");
        String jar = "cdds-decrypt-" + DistributionIT.VERSION + ".jar";
        Map<String, String> env = withStandInMaven(
                "fresh-bin",
                "echo \"$*\" >> '" + calls + "'\n"
                        + "mkdir -p target/lib && cp '" + DistributionIT.TARGET.resolve("lib") + "'/* target/lib/ &&\n"
                        + "cp '" + DistributionIT.TARGET.resolve(jar) + "' target/\n");
        List<String> version = List.of(root.resolve("scripts/cdds-decrypt").toString(), "--version");

        Run first = run(env, version);
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("cdds-decrypt " + DistributionIT.VERSION), first.out());
        assertTrue(first.err().contains("building (first run or sources changed)"), first.err());
        Run second = run(env, version);
        assertEquals(0, second.code(), second.toString());
        assertEquals("", second.err());
        assertEquals(1, Files.readAllLines(calls).size(), "mvn ran once: " + Files.readAllLines(calls));
    }

    /** A build that succeeds but leaves no jar (a broken pom, say) is named, not run as {@code java -jar ""}. */
    @Test
    void theSourceLauncherSaysSoWhenTheBuildMakesNoJar() throws Exception {
        Path root = unbuiltCheckout("checkout-no-jar");
        Map<String, String> env = withStandInMaven("no-jar-bin", "exit 0\n");

        Run r = run(env, List.of(root.resolve("scripts/cdds-decrypt").toString(), "--version"));

        assertEquals(1, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("the build made no jar in " + root + "/target"), r.err());
    }

    /** A source checkout as cloned, before any build: the launcher and a pom, no target/. */
    private static Path unbuiltCheckout(String name) throws IOException {
        Path root = WORK.resolve(name);
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(Path.of("scripts/cdds-decrypt"), root.resolve("scripts/cdds-decrypt"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        return root;
    }

    /** A PATH whose {@code mvn} is a shell script with {@code body}, then the Java under test and the system's. */
    private static Map<String, String> withStandInMaven(String binName, String body) throws IOException {
        Path bin = Files.createDirectories(WORK.resolve(binName));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    }

    /**
     * Makes {@code dir} read-only: a read-only bind mount as root (who ignores permission bits), mode 555 for
     * anyone else. Returns whether it mounted; skips the test where root cannot mount.
     */
    private static boolean readOnly(Path dir) throws Exception {
        Run id = run(Map.of("PATH", "/usr/bin:/bin"), List.of("id", "-u"));
        if (!id.out().strip().equals("0")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return false;
        }
        Run bind = run(Map.of("PATH", "/usr/bin:/bin"), List.of("mount", "--bind", dir.toString(), dir.toString()));
        assumeTrue(bind.code() == 0, "cannot bind-mount here (needs CAP_SYS_ADMIN): " + bind.err());
        Run ro = run(Map.of("PATH", "/usr/bin:/bin"), List.of("mount", "-o", "remount,bind,ro", dir.toString()));
        if (ro.code() != 0) {
            run(Map.of("PATH", "/usr/bin:/bin"), List.of("umount", dir.toString()));
            assumeTrue(false, "cannot remount read-only here: " + ro.err());
        }
        return true;
    }

    static Run run(Map<String, String> environment, List<String> command) throws Exception {
        return run(environment, command, null);
    }

    /** Runs {@code command} in {@code directory} (null: this process's own). */
    static Run run(Map<String, String> environment, List<String> command, Path directory) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().clear();
        pb.environment().putAll(environment);
        Path out = Files.createTempFile("launcher-out", ".txt");
        Path err = Files.createTempFile("launcher-err", ".txt");
        try {
            pb.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + command);
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}

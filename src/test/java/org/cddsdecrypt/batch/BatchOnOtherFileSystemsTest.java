package org.cddsdecrypt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.output.Permissions;
import org.cddsdecrypt.testing.OtherFileSystems;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch runs, their journal and their locks with inbox and OUT on in-memory file systems like Windows' and
 * macOS's (and Unix's, for contrast): no POSIX attribute where there are none, the state folders owner-only by
 * ACL where there are ACLs (with --umask too: they are the tool's own state).
 */
class BatchOnOtherFileSystemsTest {
    static final String EXPORT = "export-11111111-2222-4333-8444-555555555555";

    private FileSystem fs;
    private final List<Outcome> reported = new ArrayList<>();

    @AfterEach
    void closeFileSystem() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    private Path folder(String name) throws IOException {
        return Files.createDirectories(fs.getPath("").toAbsolutePath().resolve(name));
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void anExportIsDoneRecordedAndThenSkipped(OtherFileSystems kind) throws Exception {
        fs = kind.create();
        Path inbox = folder("Downloads");
        OtherFileSystems.zip(inbox.resolve(EXPORT + ".zip"), "ContactHistory/", "ContactHistory/a.jsonl");
        Path out = fs.getPath("").toAbsolutePath().resolve("exports");
        BatchOptions options = BatchOptions.of(List.of(inbox), out).withPermissions(Permissions.UMASK);

        Summary first = new Batch(BatchTest.reader(), options).run(reported::add);
        Summary second = new Batch(BatchTest.reader(), options).run(reported::add);

        assertEquals(ExitCode.OK, first.exitCode(), reported.toString());
        assertEquals(
                List.of(Outcome.Status.DONE, Outcome.Status.SKIPPED),
                reported.stream().map(Outcome::status).toList(),
                reported.toString());
        assertEquals(
                "ContactHistory/a.jsonl",
                Files.readString(out.resolve(EXPORT).resolve("ContactHistory").resolve("a.jsonl")));
        assertEquals(ExitCode.OK, second.exitCode());
        Path state = out.resolve(Batch.STATE_FOLDER);
        assertEquals(List.of(Batch.RUN_LOCK_FILE, Batch.EXPORT_LOCKS_FOLDER, Batch.JOURNAL_FILE), Trees.names(state));
        assertEquals(List.of(), Trees.names(state.resolve(Batch.EXPORT_LOCKS_FOLDER)), "claims released");
        assertEquals(List.of(Batch.STATE_FOLDER, EXPORT), Trees.names(out), "no staging or temporary file left");
        if (kind == OtherFileSystems.WINDOWS_ACL) {
            OtherFileSystems.assertOwnerOnlyAcl(state);
        }
        if (kind == OtherFileSystems.UNIX_POSIX) {
            assertEquals(
                    "rwx------",
                    java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(state.resolve(Batch.EXPORT_LOCKS_FOLDER))));
        }
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void partsAreMovedOnceDone(OtherFileSystems kind) throws Exception {
        fs = kind.create();
        Path inbox = folder("Downloads");
        OtherFileSystems.zip(inbox.resolve(EXPORT + ".zip"), "a.jsonl");
        Path done = fs.getPath("").toAbsolutePath().resolve("done");
        BatchOptions options =
                BatchOptions.of(List.of(inbox), folder("exports")).withAfterSuccess(AfterSuccess.moveTo(done));

        Summary summary = new Batch(BatchTest.reader(), options).run(reported::add);

        assertEquals(ExitCode.OK, summary.exitCode(), reported.toString());
        assertEquals(List.of(), Trees.names(inbox));
        assertEquals(List.of(EXPORT + ".zip"), Trees.names(done));
    }

    @ParameterizedTest
    @EnumSource(OtherFileSystems.class)
    void theJournalIsWrittenWholeAndReadBack(OtherFileSystems kind) throws Exception {
        fs = kind.create();
        Journal journal = new Journal(folder("state").resolve(Batch.JOURNAL_FILE));
        Journal.Entry entry = new Journal.Entry("export-é\tx", "sha256:00", 2, Instant.parse("2026-11-25T10:00:00Z"));

        journal.write(Map.of(entry.export(), entry));

        assertEquals(Map.of(entry.export(), entry), journal.read());
        assertEquals(List.of(Batch.JOURNAL_FILE), Trees.names(journal.file().getParent()));
        assertTrue(Files.readString(journal.file()).startsWith(Journal.HEADER + "\n"));
    }
}

package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.testing.Cli;
import org.cddsdecrypt.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decrypt -o FILE --force} replaces a regular file only: never a folder, a link, or one of the inputs. */
class DecryptForceTest {
    @TempDir
    Path dir;

    private static Cli.Result decrypt(Object... args) {
        List<Object> all = new ArrayList<>(List.of("decrypt", "-k", Fixtures.key("rsa.key")));
        all.addAll(List.of(args));
        return new Cli().run(all.toArray());
    }

    private static void assertRefused(Cli.Result r, String why) {
        assertEquals(7, r.code(), r::toString);
        assertTrue(r.err().contains(why), r.err());
        assertFalse(r.err().contains("--force"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aFolderWhereTheFileWouldGoIsNeverReplaced() throws Exception {
        Path out = Files.createDirectory(dir.resolve("out"));
        Path folder = Files.createDirectory(out.resolve("aes256"));
        Files.writeString(folder.resolve("notes.txt"), "mine");

        Cli.Result r = decrypt("--force", "-o", out, Fixtures.message("aes256.smime"));

        assertRefused(r, folder + " already exists and is not a regular file");
        assertEquals("mine", Files.readString(folder.resolve("notes.txt")));
        assertEquals(List.of("aes256"), DecryptFailuresTest.list(out), "no temporary file left");
    }

    @Test
    void aLinkIsNeverReplacedNorFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "mine");
        Path link = Files.createSymbolicLink(dir.resolve("out.zip"), victim);

        Cli.Result r = decrypt("--force", "-o", link, Fixtures.message("aes256.smime"));

        assertRefused(r, link + " already exists and is not a regular file");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("mine", Files.readString(victim));
    }

    @Test
    void anInputIsNeverReplaced() throws Exception {
        Path message = Files.copy(Fixtures.message("aes256.smime"), dir.resolve("message.smime"));
        byte[] before = Files.readAllBytes(message);
        Path sameFile = Files.createLink(dir.resolve("hard-link.smime"), message);

        for (Path out : List.of(message, sameFile)) {
            Cli.Result r = decrypt("--force", "-o", out, message);
            assertRefused(r, out + " is one of the files being decrypted");
            assertArrayEquals(before, Files.readAllBytes(message));
        }
        assertEquals(List.of("hard-link.smime", "message.smime"), DecryptFailuresTest.list(dir));
    }

    @Test
    void aRegularFileIsReplacedWithForceAndForceIsSuggestedOnlyThen() throws Exception {
        Path out = Files.writeString(dir.resolve("out.zip"), "old");
        Cli.Result refused = decrypt("-o", out, Fixtures.message("aes256.smime"));
        assertEquals(7, refused.code(), refused::toString);
        assertTrue(refused.err().contains("pass --force to replace it"), refused.err());

        Cli.Result r = decrypt("--force", "-o", out, Fixtures.message("aes256.smime"));

        assertEquals(0, r.code(), r::toString);
        assertArrayEquals(Files.readAllBytes(Fixtures.payload()), Files.readAllBytes(out));
        assertTrue(Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS));
    }
}

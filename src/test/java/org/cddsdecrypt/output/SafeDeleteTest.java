package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.cddsdecrypt.testing.ProcessFacts;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deletion primitive behind leftover cleanup, against what another user can plant in a shared folder: links
 * at every level, a folder swapped for a link between the check and the open, and leftovers that are not this
 * user's. Nothing outside the deleted tree may be touched.
 */
class SafeDeleteTest {
    @TempDir
    Path parent;

    private Path victim;

    @BeforeEach
    void victimFiles() throws IOException {
        victim = Files.createDirectory(parent.resolve("docs"));
        Files.writeString(victim.resolve("precious.txt"), "mine");
        Files.writeString(Files.createDirectory(victim.resolve("sub")).resolve("keep.txt"), "mine too");
    }

    private void assertVictimUntouched() {
        assertEquals(List.of("precious.txt", "sub"), Trees.names(victim));
        assertEquals(List.of("keep.txt"), Trees.names(victim.resolve("sub")));
    }

    /** leftover/l1/l2/l3/file, with a link to the victim's files beside each level. */
    private Path plantTreeWithLinksAtEveryLevel(String name) throws IOException {
        Path top = Files.createDirectory(parent.resolve(name));
        Path level = top;
        for (int i = 1; i <= 3; i++) {
            Files.createSymbolicLink(level.resolve("link-to-docs"), victim);
            Files.createSymbolicLink(level.resolve("link-to-file"), victim.resolve("precious.txt"));
            level = Files.createDirectory(level.resolve("l" + i));
        }
        Files.writeString(level.resolve("secret.jsonl"), "personal data");
        return top;
    }

    /** With directory handles (Linux), and without them, as on systems that offer none. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void linksAtEveryLevelAreRemovedThemselvesNeverFollowed(boolean handles) throws Exception {
        Path tree = plantTreeWithLinksAtEveryLevel(".out.cdds-staging-1-aa");
        if (handles) {
            SafeDelete.tree(tree, Owners.RUNNING_USER);
        } else {
            SafeDelete.treeByPath(tree, Owners.RUNNING_USER);
        }
        assertFalse(Files.exists(tree));
        assertVictimUntouched();
    }

    @Test
    void aLeftoverThatIsItselfALinkIsUnlinkedOnly() throws Exception {
        long dead = ProcessFacts.deadPid();
        Path link = Files.createSymbolicLink(parent.resolve(".out.cdds-staging-" + dead + "-cc"), victim);
        Leftovers.remove(parent, "out");
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertVictimUntouched();
    }

    /**
     * The race of the review, made deterministic: the folder at {@code level} (0 = the leftover itself) is swapped
     * for a link to the victim's files right after its type and owner were read, before it is opened.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aFolderSwappedForALinkAfterItWasCheckedIsNotFollowed(int level) throws Exception {
        // One folder per level, so that the checks come in a known order: a level's entry (type and owner), then
        // the opened folder; the check of level k's entry is call 2k + 1.
        Path tree = Files.createDirectories(parent.resolve(".out.cdds-staging-1-dd/l1/l2/l3"))
                .getParent()
                .getParent()
                .getParent();
        Files.writeString(tree.resolve("l1/l2/l3/secret.jsonl"), "personal data");
        Path swapped = tree;
        for (int i = 1; i <= level; i++) {
            swapped = swapped.resolve("l" + i);
        }
        Path target = swapped;
        Path stash = parent.resolve("attacker-stash");
        AtomicInteger calls = new AtomicInteger();
        Predicate<UserPrincipal> swapping = owner -> {
            if (calls.incrementAndGet() == 2 * level + 1) {
                try {
                    Files.move(target, stash);
                    Files.createSymbolicLink(target, victim);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return Owners.RUNNING_USER.test(owner);
        };
        assertThrows(
                IOException.class,
                () -> SafeDelete.tree(tree, swapping),
                "opening the swapped-in link fails (O_NOFOLLOW)");
        assertVictimUntouched();
        assertTrue(Files.isDirectory(stash), "what was moved aside is not reached either");
    }

    @Test
    void aLeftoverOwnedByAnotherUserIsLeftAloneAndOursIsRemoved() throws Exception {
        assumeTrue(
                ProcessFacts.isRoot(),
                "only root can give a file to another user (the injected check below " + "runs everywhere)");
        long dead = ProcessFacts.deadPid();
        Path theirs = Files.createDirectory(parent.resolve(".out.cdds-staging-" + dead + "-0a"));
        Files.writeString(theirs.resolve("their-file"), "not yours to delete");
        Path ours = Files.createDirectory(parent.resolve(".out.cdds-staging-" + dead + "-0b"));
        Files.writeString(ours.resolve("secret.jsonl"), "personal data");
        try (Stream<Path> walk = Files.walk(theirs)) {
            for (Path p : walk.toList()) {
                Files.setOwner(p, nobody());
            }
        }
        Leftovers.remove(parent, "out");
        assertEquals(List.of("their-file"), Trees.names(theirs));
        assertFalse(Files.exists(ours));
    }

    @Test
    void aLeftoverTheOwnerCheckDoesNotAcceptIsLeftAlone() throws Exception {
        long dead = ProcessFacts.deadPid();
        Path theirs = Files.createDirectory(parent.resolve(".out.cdds-staging-" + dead + "-0c"));
        Files.writeString(theirs.resolve("their-file"), "not yours to delete");
        UserPrincipal owner = Files.getOwner(theirs);
        Leftovers.remove(parent, "out", o -> !o.equals(owner));
        assertEquals(List.of("their-file"), Trees.names(theirs));
        Leftovers.remove(parent, "out", o -> o.equals(owner));
        assertFalse(Files.exists(theirs), "the same leftover goes once the check accepts its owner");
    }

    @Test
    void insideOurLeftoverAFileOfAnotherUserIsKept() throws Exception {
        assumeTrue(ProcessFacts.isRoot(), "only root can give a file to another user");
        Path tree = Files.createDirectory(parent.resolve(".out.cdds-staging-1-ee"));
        Path sub = Files.createDirectory(tree.resolve("sub"));
        Files.setOwner(Files.writeString(sub.resolve("theirs"), "x"), nobody());
        Files.writeString(sub.resolve("ours"), "y");
        assertThrows(java.nio.file.DirectoryNotEmptyException.class, () -> SafeDelete.tree(tree, Owners.RUNNING_USER));
        assertEquals(List.of("theirs"), Trees.names(sub));
    }

    private UserPrincipal nobody() throws IOException {
        return parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }
}

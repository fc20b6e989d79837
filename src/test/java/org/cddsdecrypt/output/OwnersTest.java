package org.cddsdecrypt.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The running user on file systems other than the default one: looked up once per file system, not per check. */
class OwnersTest {
    private static final UserPrincipal ME = new Named(System.getProperty("user.name"));
    private static final UserPrincipal SOMEONE_ELSE = new Named("someone-else-" + System.nanoTime());

    @Test
    void theRunningUserIsLookedUpOncePerFileSystemHoweverOftenItIsChecked() {
        NamingFileSystem fs = new NamingFileSystem(true);
        for (int i = 0; i < 3; i++) {
            assertTrue(Owners.runningUser(fs).test(ME));
            assertFalse(Owners.runningUser(fs).test(SOMEONE_ELSE));
            assertFalse(Owners.runningUser(fs).test(null), "an unknown owner is not the user");
            assertFalse(Owners.runningUserOrUnknown(fs).test(SOMEONE_ELSE));
        }
        assertEquals(1, fs.lookups);
    }

    @Test
    void eachFileSystemKeepsItsOwnAnswer() {
        NamingFileSystem named = new NamingFileSystem(true);
        NamingFileSystem nameless = new NamingFileSystem(false);
        assertTrue(Owners.runningUser(named).test(ME));
        assertFalse(Owners.runningUser(nameless).test(ME), "where the user cannot be told, nothing is theirs");
        assertTrue(Owners.runningUserOrUnknown(nameless).test(SOMEONE_ELSE), "…except for cleaning up after itself");
        assertTrue(Owners.runningUser(named).test(ME));
        assertEquals(1, named.lookups);
        assertEquals(1, nameless.lookups);
    }

    private record Named(String name) implements UserPrincipal {
        @Override
        public String getName() {
            return name;
        }
    }

    /** Only user lookups, counted; one that knows no names answers as a lookup without users does. */
    private static final class NamingFileSystem extends FileSystem {
        private final boolean knowsNames;
        int lookups;

        NamingFileSystem(boolean knowsNames) {
            this.knowsNames = knowsNames;
        }

        @Override
        public UserPrincipalLookupService getUserPrincipalLookupService() {
            return new UserPrincipalLookupService() {
                @Override
                public UserPrincipal lookupPrincipalByName(String name) {
                    lookups++;
                    if (!knowsNames) {
                        throw new UnsupportedOperationException("no users here");
                    }
                    return new Named(name);
                }

                @Override
                public GroupPrincipal lookupPrincipalByGroupName(String group) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public FileSystemProvider provider() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isReadOnly() {
            return true;
        }

        @Override
        public String getSeparator() {
            return "/";
        }

        @Override
        public Iterable<Path> getRootDirectories() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<FileStore> getFileStores() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> supportedFileAttributeViews() {
            return Set.of();
        }

        @Override
        public Path getPath(String first, String... more) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PathMatcher getPathMatcher(String syntaxAndPattern) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WatchService newWatchService() {
            throw new UnsupportedOperationException();
        }
    }
}

package org.cddsdecrypt.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Optional;
import org.cddsdecrypt.error.UnsafeContentException;

/**
 * The small file {@value #NAME} that cdds-decrypt writes at the top of every tree it extracts, when the tree is
 * complete, naming the export:
 * <pre>
 * cdds-decrypt tree 1
 * export export-2b71…
 * </pre>
 * A folder is "ours", and {@code --force} (or batch) may replace it, only when it holds this file as a regular
 * file owned by the running user. Anything else may hold files the tool did not write, and is never replaced.
 */
public final class TreeMarker {
    public static final String NAME = ".cdds-decrypt-tree";
    static final String HEADER = "cdds-decrypt tree 1";
    private static final int MAX_SIZE = 4096;

    private TreeMarker() {}

    /** Writes the marker into {@code root} and forces it to disk. */
    static void write(Path root, String export, Permissions permissions, FileSync sync) throws IOException {
        Path marker = root.resolve(NAME);
        byte[] text = (HEADER + "\nexport " + escape(export) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel =
                permissions.open(marker, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ByteBuffer bytes = ByteBuffer.wrap(text);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            sync.file(channel, marker);
        } catch (FileAlreadyExistsException e) {
            throw new UnsafeContentException(
                    "the archive holds " + NAME + " at its top, the name cdds-decrypt " + "marks its own trees with");
        }
    }

    /** The export named by the marker in {@code tree}, if {@code tree} is a folder the running user's tool wrote. */
    public static Optional<String> exportOf(Path tree) {
        Path marker = tree.resolve(NAME);
        try {
            if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            BasicFileAttributes attrs =
                    Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || attrs.size() > MAX_SIZE || !Owners.ownedByMe(marker)) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_SIZE);
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("export ")) {
                return Optional.empty();
            }
            return Optional.of(unescape(lines[1].substring("export ".length())));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code tree} is a folder that cdds-decrypt wrote for this user. */
    public static boolean isOurs(Path tree) {
        return exportOf(tree).isPresent();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

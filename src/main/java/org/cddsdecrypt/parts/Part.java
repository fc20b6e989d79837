package org.cddsdecrypt.parts;

import java.nio.file.Path;

/**
 * One file of an export on disk.
 *
 * @param path where it is
 * @param name its parsed name
 * @param size its size in bytes when it was found
 * @param modified its modification time (epoch millis) when it was found
 */
public record Part(Path path, PartName name, long size, long modified) {
    public String fileName() {
        return path.getFileName().toString();
    }
}

package io.jsos.findings;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The files of one bundle, by bundle path ({@code manifest.json}, {@code jsos/system.json},
 * {@code proc/meminfo}), whether it is the folder being written, an unpacked bundle or an archive.
 */
public interface BundleSource {

    /** A short name for messages (the bundle's file or folder name). */
    String name();

    /** Every regular file's bundle path, sorted. */
    List<String> paths();

    /** The bytes of a file, or empty when there is no such file. */
    Optional<byte[]> read(String bundlePath) throws IOException;

    /** True when the file exists. */
    default boolean has(String bundlePath) {
        return paths().contains(bundlePath);
    }
}

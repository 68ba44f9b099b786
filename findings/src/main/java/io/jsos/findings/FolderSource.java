package io.jsos.findings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A bundle as a folder: the staging folder at collect time, or an unpacked bundle. Symlinks are not followed. */
public final class FolderSource implements BundleSource {

    private final Path root;
    private List<String> paths;

    public FolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return root.getFileName() == null ? root.toString() : root.getFileName().toString();
    }

    @Override
    public synchronized List<String> paths() {
        if (paths == null) {
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return paths;
    }

    @Override
    public Optional<byte[]> read(String bundlePath) throws IOException {
        Path p = root.resolve(bundlePath).normalize();
        // A bundle path never leaves the bundle, and a symlink inside it is not followed.
        if (!p.startsWith(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(p));
    }
}

package io.jsos.cgroups;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A fixture host where a cgroup disappears at a chosen moment: right after a given directory is
 * listed, another directory is removed, as when a container exits while jsos walks the tree.
 */
final class VanishingHost implements Host {

    private final Host delegate;
    private final String trigger;
    private final String victim;
    private boolean done;

    VanishingHost(Host delegate, String listingThatTriggers, String directoryThatVanishes) {
        this.delegate = delegate;
        this.trigger = listingThatTriggers;
        this.victim = directoryThatVanishes;
    }

    @Override
    public List<String> list(String hostDir) {
        List<String> names = delegate.list(hostDir);
        if (!done && hostDir.equals(trigger)) {
            done = true;
            try (Stream<Path> walk = Files.walk(delegate.resolve(victim))) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    @Override
    public Path root() {
        return delegate.root();
    }

    @Override
    public Path resolve(String hostPath) {
        return delegate.resolve(hostPath);
    }

    @Override
    public boolean exists(String hostPath) {
        return delegate.exists(hostPath);
    }

    @Override
    public boolean isDirectory(String hostPath) {
        return delegate.isDirectory(hostPath);
    }

    @Override
    public InputStream open(String hostPath) throws IOException {
        return delegate.open(hostPath);
    }

    @Override
    public String read(String hostPath, int maxBytes) throws IOException {
        return delegate.read(hostPath, maxBytes);
    }

    @Override
    public Optional<String> which(String program) {
        return delegate.which(program);
    }

    @Override
    public CommandResult run(Command command) {
        return delegate.run(command);
    }

    @Override
    public String hostname() {
        return delegate.hostname();
    }
}

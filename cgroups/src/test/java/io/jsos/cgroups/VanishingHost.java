package io.jsos.cgroups;

import io.jsos.api.Host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixture host where a cgroup disappears at a chosen moment: right after a given directory is
 * listed, another directory is removed, as when a container exits while jsos walks the tree.
 */
final class VanishingHost extends DelegatingHost {

    private final String trigger;
    private final String victim;
    private boolean done;

    VanishingHost(Host delegate, String listingThatTriggers, String directoryThatVanishes) {
        super(delegate);
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
}

package io.jsos.findings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A bundle held in memory, for rules over model documents of collectors this module cannot run. */
final class MemorySource implements BundleSource {

    private final Map<String, byte[]> files = new TreeMap<>();

    MemorySource put(String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    @Override
    public Optional<byte[]> read(String bundlePath) {
        return Optional.ofNullable(files.get(bundlePath));
    }
}

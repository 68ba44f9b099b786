package io.jsos.report.redact;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host made of a few files held in memory: enough for {@link RedactionFacts#fromHost}. */
final class FakeHost implements Host {

    private final Map<String, String> files = new HashMap<>();

    FakeHost file(String path, String content) {
        files.put(path, content);
        return this;
    }

    @Override
    public Path root() {
        return Path.of("/nonexistent-fake-host");
    }

    @Override
    public Path resolve(String hostPath) {
        return root().resolve(hostPath.substring(1));
    }

    @Override
    public boolean exists(String hostPath) {
        return files.containsKey(hostPath);
    }

    @Override
    public boolean isDirectory(String hostPath) {
        return false;
    }

    @Override
    public List<String> list(String hostDir) {
        return List.of();
    }

    @Override
    public InputStream open(String hostPath) throws IOException {
        return new ByteArrayInputStream(read(hostPath).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String read(String hostPath, int maxBytes) throws IOException {
        String content = files.get(hostPath);
        if (content == null) {
            throw new NoSuchFileException(hostPath);
        }
        return content;
    }

    @Override
    public Optional<String> which(String program) {
        return Optional.empty();
    }

    @Override
    public CommandResult run(Command command) {
        throw new UnsupportedOperationException("no commands on a fake host");
    }

    @Override
    public String hostname() {
        return tryRead("/etc/hostname").map(String::strip).orElse("localhost");
    }
}

package io.jsos.cgroups;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A host that passes every call to another: the base of test hosts that change or watch a few calls. */
class DelegatingHost implements Host {

    protected final Host delegate;

    DelegatingHost(Host delegate) {
        this.delegate = delegate;
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
    public List<String> list(String hostDir) {
        return delegate.list(hostDir);
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

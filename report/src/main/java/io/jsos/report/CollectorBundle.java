package io.jsos.report;

import io.jsos.api.Bundle;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.json.ModelJson;
import io.jsos.report.manifest.CommandRecord;
import io.jsos.report.manifest.FileRecord;
import io.jsos.report.redact.Redactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.FileSystems;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link Bundle} one collector writes through. Every byte goes through the redactor; every
 * file, command and problem is recorded for the manifest. After {@link #seal()} (the collector
 * finished, failed or was abandoned on timeout) further writes are dropped, so a hung collector
 * that wakes up late cannot change a bundle that is being packed.
 */
public final class CollectorBundle implements Bundle {

    private final String collector;
    private final Host host;
    private final Path top;
    private final Redactor redactor;
    private final long fileCap;
    /** Non-null when outputs are kept in memory (the exporter's findings run) instead of written. */
    private final ModelCapture capture;
    private final List<FileRecord> files = new ArrayList<>();
    private final List<CommandRecord> commands = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean sealed;

    CollectorBundle(String collector, Host host, Path top, Redactor redactor, long fileCap) {
        this.collector = collector;
        this.host = host;
        this.top = top;
        this.redactor = redactor;
        this.fileCap = fileCap;
        this.capture = null;
    }

    /** A collector's view of a {@link ModelCapture}: models and texts kept in memory, host files not copied. */
    CollectorBundle(String collector, Host host, ModelCapture capture) {
        this.collector = collector;
        this.host = host;
        this.top = null;
        this.redactor = Redactor.none();
        this.fileCap = BundleSession.DEFAULT_FILE_CAP;
        this.capture = capture;
    }

    @Override
    public void copy(String... hostPaths) {
        for (String p : hostPaths) {
            copyTail(p, fileCap);
        }
    }

    @Override
    public void copyTail(String hostPath, long maxBytes) {
        if (sealed || capture != null) {
            return;
        }
        String rel = relative(hostPath);
        try {
            Path source = host.resolve(hostPath);
            if (!Files.exists(source)) {
                record(new FileRecord(hostPath, 0, false, "missing"));
                return;
            }
            if (!Files.isRegularFile(source)) {
                record(new FileRecord(hostPath, 0, false, "not a regular file"));
                return;
            }
            Path target = BundlePaths.inside(top, rel);
            Copied c = copyInto(source, target, rel, maxBytes);
            record(new FileRecord(hostPath, c.bytes, c.truncated, null));
        } catch (HostPathException e) {
            record(new FileRecord(hostPath, 0, false, e.getMessage()));
        } catch (IOException e) {
            record(new FileRecord(hostPath, 0, false, describe(e)));
        }
    }

    @Override
    public void copyTree(String hostDir, String nameGlob, int maxDepth) {
        if (sealed || capture != null) {
            return;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + nameGlob);
        walk(hostDir.endsWith("/") && hostDir.length() > 1 ? hostDir.substring(0, hostDir.length() - 1) : hostDir,
                matcher, maxDepth);
    }

    private void walk(String hostDir, PathMatcher matcher, int depthLeft) {
        if (depthLeft < 0) {
            return;
        }
        for (String name : host.list(hostDir)) {
            String child = hostDir.equals("/") ? "/" + name : hostDir + "/" + name;
            Path local;
            try {
                local = host.resolve(child);
            } catch (HostPathException e) {
                record(new FileRecord(child, 0, false, e.getMessage()));
                continue;
            }
            if (Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                walk(child, matcher, depthLeft - 1);
            } else if (Files.isRegularFile(local) && matcher.matches(Path.of(name)) && readable(local)) {
                copyTail(child, fileCap);
            }
        }
    }

    /** sysfs has write-only files (bridge/flush): reading them fails even as root, so they are not even tried. */
    private static boolean readable(Path local) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(local);
            return perms.contains(PosixFilePermission.OWNER_READ) || perms.contains(PosixFilePermission.GROUP_READ)
                    || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    @Override
    public CommandResult command(String fileName, Command command) {
        CommandResult result = host.run(command);
        if (sealed) {
            return result;
        }
        String name = fileName != null ? fileName : BundlePaths.commandFileName(command.argv());
        String output = null;
        boolean started = !(result.exitCode() == -1 && !result.timedOut() && result.error() != null);
        if (started) {
            output = ownFile(name);
        }
        if (output != null) {
            writeBytes(output, result.stdout());
            if (result.stderr().length > 0) {
                writeBytes(output + ".stderr", result.stderr());
            }
        }
        synchronized (this) {
            commands.add(new CommandRecord(result.argv(), output, result.exitCode(), result.duration().toMillis(),
                    result.timedOut(), result.truncated(), result.error()));
        }
        return result;
    }

    @Override
    public void text(String fileName, CharSequence content) {
        String path = ownFile(fileName);
        if (path != null) {
            writeBytes(path, content.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code sos_commands/<collector>/<fileName>}, or null (and an error recorded) when the name would
     * leave that folder ({@code ../system/uname}, {@code ../../manifest.json}): a collector writes its
     * own files only, never another collector's or the manifest.
     */
    private String ownFile(String fileName) {
        String folder = "sos_commands/" + collector + "/";
        String path = fileName == null || fileName.isBlank() ? null : folder + fileName;
        if (path == null || !Path.of(path).normalize().startsWith(Path.of(folder)) || fileName.startsWith("/")
                || Path.of(path).normalize().equals(Path.of(folder).normalize())) {
            error("refused to write '" + fileName + "': a collector writes only inside " + folder);
            return null;
        }
        return path;
    }

    @Override
    public void json(Object model) {
        if (capture != null) {
            if (!sealed) {
                capture.putModel(collector, model);
            }
            return;
        }
        try {
            String json = ModelJson.write(model) + "\n";
            writeBytes("jsos/" + collector + ".json", json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            error("could not serialise the model: " + e.getMessage());
        }
    }

    @Override
    public synchronized void error(String message) {
        if (!sealed) {
            errors.add(message);
        }
    }

    /** Stops recording: later writes from an abandoned collector are dropped. */
    public void seal() {
        sealed = true;
    }

    public synchronized List<FileRecord> files() {
        return List.copyOf(files);
    }

    public synchronized List<CommandRecord> commands() {
        return List.copyOf(commands);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    private synchronized void record(FileRecord r) {
        if (!sealed) {
            files.add(r);
        }
    }

    private void writeBytes(String bundlePath, byte[] bytes) {
        if (sealed) {
            return;
        }
        if (capture != null) {
            capture.putText(bundlePath, bytes);
            return;
        }
        try {
            Path target = BundlePaths.inside(top, bundlePath);
            PrivateFiles.createPrivateDirectories(target.getParent());
            Files.deleteIfExists(target);
            try (OutputStream out = redactor.wrap(Files.newOutputStream(PrivateFiles.createPrivateFile(target)), bundlePath)) {
                out.write(bytes);
            }
        } catch (IOException | IllegalArgumentException e) {
            error("could not write " + bundlePath + ": " + describe(e));
        }
    }

    private record Copied(long bytes, boolean truncated) {
    }

    /**
     * Streams a file into the bundle through the redactor. Regular files that report a size and
     * exceed the cap keep their tail (logs grow at the end); files that report no size (/proc,
     * /sys) are read to the cap.
     */
    private Copied copyInto(Path source, Path target, String bundlePath, long maxBytes) throws IOException {
        PrivateFiles.createPrivateDirectories(target.getParent());
        Files.deleteIfExists(target);
        long size = Files.size(source);
        boolean truncated = false;
        try (SeekableByteChannel ch = Files.newByteChannel(source, StandardOpenOption.READ);
             InputStream in = java.nio.channels.Channels.newInputStream(ch);
             OutputStream out = redactor.wrap(Files.newOutputStream(PrivateFiles.createPrivateFile(target)), bundlePath)) {
            if (size > maxBytes && ch instanceof FileChannel fc) {
                fc.position(size - maxBytes);
                truncated = true;
            }
            byte[] buf = new byte[64 * 1024];
            long copied = 0;
            int n;
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - copied + 1))) > 0) {
                if (copied + n > maxBytes) {
                    out.write(buf, 0, (int) (maxBytes - copied));
                    copied = maxBytes;
                    truncated = true;
                    break;
                }
                out.write(buf, 0, n);
                copied += n;
                if (copied == maxBytes && size <= maxBytes && size != 0) {
                    break;
                }
            }
            return new Copied(copied, truncated);
        }
    }

    private static String relative(String hostPath) {
        return hostPath.startsWith("/") ? hostPath.substring(1) : hostPath;
    }

    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "vanished while reading";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

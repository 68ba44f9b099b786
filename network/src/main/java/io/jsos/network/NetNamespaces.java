package io.jsos.network;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the network namespaces of a node: the one jsos runs in, the named ones (run/netns, what
 * {@code ip netns add} and CNI plugins create), and the unnamed ones only processes hold (pods whose
 * runtime pinned nothing under run/netns), deduplicated by inode.
 */
final class NetNamespaces {

    static final List<String> NAMED_DIRS = List.of("/run/netns", "/var/run/netns");
    private static final Pattern NS_LINK = Pattern.compile("net:\\[(\\d+)]");

    private NetNamespaces() {
    }

    /** The result: namespaces in order self, named, process; {@code skipped} counts those over the limit. */
    record Found(List<NetNamespace> namespaces, int skipped) {
    }

    /**
     * @param withProcesses whether to walk /proc for unnamed namespaces
     * @param limit         at most this many namespaces besides jsos's own
     */
    static Found find(Host host, boolean withProcesses, int limit) {
        String selfId = linkId(host, "/proc/self/ns", "net");
        // every process's namespace: counts and a pid per inode, for named namespaces too (whose pod is it?)
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> firstPid = new LinkedHashMap<>();
        List<String> pids = new ArrayList<>(host.list("/proc").stream().filter(p -> !p.isEmpty() && p.chars().allMatch(Character::isDigit)).toList());
        pids.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        for (String pid : pids) {
            String id = linkId(host, "/proc/" + pid + "/ns", "net");
            if (id == null) {
                continue; // vanished, or a kernel thread we may not look at
            }
            counts.computeIfAbsent(id, k -> new int[1])[0]++;
            firstPid.putIfAbsent(id, pid);
        }
        List<NetNamespace> named = new ArrayList<>();
        Set<String> seenNames = new LinkedHashSet<>();
        Set<String> namedIds = new LinkedHashSet<>();
        String selfName = null;
        for (String dir : NAMED_DIRS) {
            for (String name : host.list(dir)) {
                if (!seenNames.add(name)) {
                    continue;
                }
                String id = inode(host, dir + "/" + name);
                if (id != null && id.equals(selfId)) {
                    selfName = name; // run under `ip netns exec <name>`: our own namespace has a name
                    continue;
                }
                if (id != null && !namedIds.add(id)) {
                    continue; // the same namespace under /run/netns and /var/run/netns
                }
                named.add(new NetNamespace(name, id, NetNamespace.NAMED, dir + "/" + name, count(counts, id), firstPid.get(id)));
            }
        }
        List<NetNamespace> out = new ArrayList<>();
        out.add(new NetNamespace(selfName != null ? selfName : NetNamespace.SELF, selfId, NetNamespace.SELF, null,
                count(counts, selfId), firstPid.get(selfId)));
        int skipped = 0;
        for (NetNamespace ns : named) {
            if (out.size() - 1 < limit) {
                out.add(ns);
            } else {
                skipped++;
            }
        }
        if (withProcesses) {
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                String id = e.getKey();
                if (id.equals(selfId) || namedIds.contains(id)) {
                    continue;
                }
                if (out.size() - 1 < limit) {
                    String pid = firstPid.get(id);
                    out.add(new NetNamespace("pid:" + pid, id, NetNamespace.PROCESS, "/proc/" + pid + "/ns/net", e.getValue()[0], pid));
                } else {
                    skipped++;
                }
            }
        }
        return new Found(out, skipped);
    }

    private static int count(Map<String, int[]> counts, String id) {
        int[] c = id == null ? null : counts.get(id);
        return c == null ? 0 : c[0];
    }

    /** The inode in a {@code net:[N]} link, read without following it (it points into nsfs). */
    static String linkId(Host host, String dir, String link) {
        try {
            Path p = host.resolve(dir).resolve(link);
            Matcher m = NS_LINK.matcher(Files.readSymbolicLink(p).toString());
            return m.matches() ? m.group(1) : null;
        } catch (IOException | HostPathException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** The inode of a pinned namespace file (a bind mount of nsfs: its inode is the namespace's). */
    static String inode(Host host, String hostPath) {
        try {
            Object ino = Files.getAttribute(host.resolve(hostPath), "unix:ino");
            return String.valueOf(ino);
        } catch (IOException | HostPathException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}

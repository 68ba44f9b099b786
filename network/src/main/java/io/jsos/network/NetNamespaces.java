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
        Map<String, NetNamespace> byId = new LinkedHashMap<>();
        List<NetNamespace> named = new ArrayList<>();
        Set<String> seenNames = new LinkedHashSet<>();
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
                NetNamespace ns = new NetNamespace(name, id, NetNamespace.NAMED, dir + "/" + name, 0);
                named.add(ns);
                if (id != null) {
                    byId.put(id, ns);
                }
            }
        }
        List<NetNamespace> out = new ArrayList<>();
        out.add(new NetNamespace(selfName != null ? selfName : NetNamespace.SELF, selfId, NetNamespace.SELF, null, 0));
        int skipped = 0;
        for (NetNamespace ns : named) {
            if (out.size() - 1 < limit) {
                out.add(ns);
            } else {
                skipped++;
            }
        }
        if (withProcesses) {
            Map<String, int[]> counts = new LinkedHashMap<>();
            Map<String, String> firstPid = new LinkedHashMap<>();
            for (String pid : host.list("/proc")) {
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String id = linkId(host, "/proc/" + pid + "/ns", "net");
                if (id == null || id.equals(selfId) || byId.containsKey(id)) {
                    continue; // vanished, unreadable, ours, or already known by name
                }
                counts.computeIfAbsent(id, k -> new int[1])[0]++;
                firstPid.putIfAbsent(id, pid);
            }
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                if (out.size() - 1 < limit) {
                    String pid = firstPid.get(e.getKey());
                    out.add(new NetNamespace("pid:" + pid, e.getKey(), NetNamespace.PROCESS, "/proc/" + pid + "/ns/net", e.getValue()[0]));
                } else {
                    skipped++;
                }
            }
        }
        return new Found(out, skipped);
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

package io.jsos.network;

import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace jsos can look into.
 *
 * @param name  the name under run/netns, "self" for the namespace jsos itself runs in (when it has
 *              no name), or "pid:<first pid>" for an unnamed namespace found through a process
 * @param id    the namespace's inode number (what {@code /proc/<pid>/ns/net} points to), or null
 * @param kind  self, named or process
 * @param path  the host path that pins it (run/netns/<name> or proc/<pid>/ns/net); null for self
 * @param pids  how many processes live in it (0 when none was found or /proc was not walked)
 * @param pid   one of those processes (the lowest pid), or null: it tells whose namespace it is
 */
public record NetNamespace(String name, String id, String kind, String path, int pids, String pid) {

    static final String SELF = "self";
    static final String NAMED = "named";
    static final String PROCESS = "process";

    boolean isSelf() {
        return SELF.equals(kind);
    }

    /**
     * The argv that runs a command inside this namespace. jsos cannot switch namespaces per thread,
     * so it asks the tools: {@code ip -n}/{@code bridge -n} for named namespaces (ip enters the
     * namespace itself), {@code nsenter --net=<path>} for the rest.
     */
    List<String> argv(String... argv) {
        List<String> out = new ArrayList<>();
        if (isSelf()) {
            out.addAll(List.of(argv));
        } else if (NAMED.equals(kind) && (argv[0].equals("ip") || argv[0].equals("bridge"))) {
            out.add(argv[0]);
            out.add("-n");
            out.add(name);
            out.addAll(List.of(argv).subList(1, argv.length));
        } else {
            out.add("nsenter");
            out.add("--net=" + path);
            out.addAll(List.of(argv));
        }
        return out;
    }

    /** A file-name-safe prefix for this namespace's command outputs in the bundle ("" for self). */
    String filePrefix() {
        return isSelf() ? "" : "netns_" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + "_";
    }
}

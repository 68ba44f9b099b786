package io.jsos.storage.ceph;

import java.util.List;
import java.util.Map;

/**
 * {@code jsos/ceph.json}: the cluster as the node's ceph CLI sees it, and the local daemons as
 * their admin sockets answer. When no monitor answers within the connect timeout the cluster part
 * is empty, {@code reachable} is false and {@code error} starts with "cluster unreachable". When
 * the node has no cluster configured (no ceph.conf, no Rook config, no {@code conf} option: a node
 * with only the CLI installed) no cluster is asked and {@code reachable} is null.
 */
public record CephModel(Boolean reachable, String error, String fsid, Health health, List<Osd> osds,
                        List<PgState> pgs_by_state, Long num_pgs, Capacity capacity, List<Pool> pools,
                        List<Mon> mons, List<String> quorum, Map<String, Object> versions, List<Daemon> daemons,
                        List<String> errors) {

    public record Health(String status, List<Check> checks) {
    }

    public record Check(String name, String severity, String message, List<String> detail, Long count, Boolean muted) {
    }

    public record Osd(long id, String name, boolean up, boolean in, String host, String device_class, Double reweight,
                      Double crush_weight, Long total_bytes, Long used_bytes, Double utilization_percent, Long pgs) {
    }

    public record PgState(String state, long count) {
    }

    public record Capacity(Long total_bytes, Long used_bytes, Long avail_bytes, Double used_ratio) {
    }

    public record Pool(long id, String name, Long stored_bytes, Long used_bytes, Double used_ratio, Long max_avail_bytes,
                       Long objects, Long size, Long min_size, Long pg_num, List<String> applications) {
    }

    public record Mon(String name, Long rank, String addr) {
    }

    /** A local daemon found by its admin socket, and what each command to it gave. */
    public record Daemon(String name, String type, String socket, List<SocketCall> calls) {
    }

    public record SocketCall(String command, String file, int exit_code, boolean timed_out, String summary) {
    }
}

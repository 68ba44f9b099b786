package io.jsos.storage.rook;

import java.util.List;
import java.util.Map;

/**
 * {@code jsos/rook.json}: a Kubernetes node's view of Rook/Ceph storage: the kernel's rbd devices
 * and where they are mounted (and for which pod), the CSI and FlexVolume plugins kubelet knows, the
 * pods' Ceph and CSI volumes, and what /var/lib/rook holds (configs only; keys never).
 */
public record RookModel(List<RbdDevice> rbd_devices, List<CsiPlugin> csi_plugins, List<FlexPlugin> flexvolume_plugins,
                        List<Volume> volumes, List<CephMount> ceph_mounts, List<String> rook_files) {

    public record RbdDevice(String id, String pool, String pool_ns, String image, String snap, String device, String major_minor,
                            String cluster_fsid, List<String> mountpoints, String pod_uid) {
    }

    /**
     * A CSI driver kubelet knows: its folder under var/lib/kubelet/plugins, whether its socket is
     * there, and whether it registered through plugins_registry.
     */
    public record CsiPlugin(String name, String dir, boolean socket, boolean registered) {
    }

    public record FlexPlugin(String name, String dir) {
    }

    /** A pod volume backed by Ceph or a CSI driver; {@code driver}/{@code volume_handle} from the CSI vol_data.json. */
    public record Volume(String pod_uid, String kind, String name, String mountpoint, String driver, String volume_handle,
                         String device, boolean mounted, Map<String, String> attributes) {
    }

    /** A kernel CephFS mount (fstype ceph) or an rbd-backed mount, as mountinfo shows it. */
    public record CephMount(String source, String mountpoint, String fstype, String pod_uid) {
    }
}

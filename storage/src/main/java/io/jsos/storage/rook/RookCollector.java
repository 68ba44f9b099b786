package io.jsos.storage.rook;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.storage.ceph.CephConfig;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rook/Ceph CSI node state: which rbd devices the kernel has mapped and which pod uses each, the
 * CSI drivers and FlexVolume plugins kubelet knows, the pods' rbd/CephFS/CSI volumes, and Rook's
 * cluster config under /var/lib/rook. The support answer to "my pod's volume hangs" starts here.
 * Reads files only (no kubectl, no ceph), so it works when the cluster is what is broken.
 *
 * <p>Bundle: {@code sos_commands/rook/var/lib/rook/...} (configs, keys blanked; keyrings and other
 * secret files are listed, never copied), {@code sos_commands/rook/volumes} (a table), and
 * {@code jsos/rook.json} ({@link RookModel}).
 */
public final class RookCollector implements Collector {

    static final String[] TRIGGERS = {"/var/lib/rook", "/sys/bus/rbd/devices", "/var/lib/kubelet/plugins_registry",
            "/var/lib/kubelet/plugins", "/var/lib/kubelet/volumeplugins"};
    private static final Pattern CONFIG = Pattern.compile(".*\\.(config|conf|json|ya?ml|txt|env)$");

    @Override
    public String name() {
        return "rook";
    }

    @Override
    public String description() {
        return "Rook/Ceph CSI node state: rbd devices and their pods, kubelet CSI/FlexVolume plugins, pods' Ceph volumes, /var/lib/rook configs (never keys)";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, TRIGGERS);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        RookModel model = RookReader.read(host);
        for (String f : model.rook_files()) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (RookReader.SECRET_NAME.matcher(name).matches() || !CONFIG.matcher(name).matches()) {
                continue;
            }
            try {
                bundle.text(f.substring(1), CephConfig.scrubConf(host.read(f, 1 << 20)));
            } catch (IOException | HostPathException e) {
                bundle.error(f + ": " + e.getMessage());
            }
        }
        bundle.text("volumes", table(model));
        bundle.json(model);
    }

    static String table(RookModel m) {
        StringBuilder sb = new StringBuilder("RBD DEVICES\n");
        for (RookModel.RbdDevice d : m.rbd_devices()) {
            sb.append(String.format("  %-10s %-24s %-40s pod=%s mounts=%s%n", d.device(), d.pool(), d.image(), d.pod_uid(), d.mountpoints()));
        }
        sb.append("CSI PLUGINS\n");
        for (RookModel.CsiPlugin p : m.csi_plugins()) {
            sb.append(String.format("  %-40s socket=%s registered=%s%n", p.name(), p.socket(), p.registered()));
        }
        sb.append("FLEXVOLUME PLUGINS\n");
        for (RookModel.FlexPlugin p : m.flexvolume_plugins()) {
            sb.append("  ").append(p.dir()).append('\n');
        }
        sb.append("POD VOLUMES\n");
        for (RookModel.Volume v : m.volumes()) {
            sb.append(String.format("  %-36s %-10s %-40s mounted=%s device=%s driver=%s%n", v.pod_uid(), v.kind(), v.name(), v.mounted(),
                    v.device(), v.driver()));
        }
        return sb.toString();
    }
}

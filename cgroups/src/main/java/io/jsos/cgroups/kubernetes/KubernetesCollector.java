package io.jsos.cgroups.kubernetes;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.api.OptionSpec;
import io.jsos.cgroups.KubeNames;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes node context the cgroup identities live in: kubelet config, kubeconfigs, static
 * pods, container runtime configs, the runtime's own view through crictl, and the kubelet's log
 * folder index. Applies only where a kubelet or a container runtime left files.
 *
 * <p>Bundle:
 * <ul>
 *   <li>{@code sos_commands/kubernetes/<host path>} — kubelet config, kubeconfigs
 *       ({@code etc/kubernetes/*.conf}, {@code var/lib/kubelet/kubeconfig}), kubelet flags and
 *       drop-ins, static pod manifests: all through {@link KubeScrubber}, so private keys, tokens
 *       and certificate keys are blanked even with {@code --no-redact}; {@code etc/kubernetes/pki}
 *       is listed, never copied;</li>
 *   <li>runtime configs at their host paths: {@code etc/containerd}, {@code etc/crio},
 *       {@code etc/docker/daemon.json}, {@code etc/crictl.yaml} (bundle redaction applies);</li>
 *   <li>{@code sos_commands/kubernetes/crictl-{pods,ps,info,version}.json} when crictl is on PATH
 *       and a runtime socket exists, each under {@code crictl-timeout};</li>
 *   <li>{@code sos_commands/kubernetes/pods} — the {@code var/log/pods} index as a table;</li>
 *   <li>{@code jsos/kubernetes.json} — the {@link KubernetesNode}.</li>
 * </ul>
 * No Kubernetes API call is made: the bundle must be possible when the control plane is the problem.
 */
public final class KubernetesCollector implements Collector {

    static final OptionSpec<Boolean> CRICTL = OptionSpec.bool("crictl", true,
            "run crictl pods/ps/info/version when crictl and a runtime socket exist");
    static final OptionSpec<Duration> CRICTL_TIMEOUT = OptionSpec.duration("crictl-timeout", Duration.ofSeconds(10),
            "how long each crictl command may take (a hung runtime must not hang the bundle)");

    static final String[] TRIGGERS = {"/var/lib/kubelet/config.yaml", "/etc/kubernetes", "/var/log/pods",
            "/etc/containerd", "/etc/crio", "/etc/docker/daemon.json", "/run/containerd/containerd.sock", "/run/crio/crio.sock"};
    static final List<String> SOCKETS = List.of("/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock",
            "/run/crio/crio.sock", "/run/cri-dockerd.sock", "/var/run/cri-dockerd.sock");
    private static final List<String> KUBELET_FILES = List.of("/var/lib/kubelet/config.yaml",
            "/var/lib/kubelet/kubeadm-flags.env", "/var/lib/kubelet/kubeconfig", "/etc/default/kubelet", "/etc/sysconfig/kubelet");
    private static final int CONFIG_CAP = 1 << 20;

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public String description() {
        return "Kubernetes node context: kubelet config, kubeconfigs (keys blanked), static pods, runtime configs, crictl, pod log index";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, TRIGGERS);
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(CRICTL, CRICTL_TIMEOUT);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        List<KubernetesNode.ScrubbedFile> files = new ArrayList<>();

        String kubeletYaml = host.tryRead("/var/lib/kubelet/config.yaml").orElse(null);
        Map<String, String> kubelet = KubeletConfig.parse(kubeletYaml);
        for (String f : KUBELET_FILES) {
            scrubbed(host, bundle, f, files);
        }
        for (String name : host.list("/etc/systemd/system/kubelet.service.d")) {
            scrubbed(host, bundle, "/etc/systemd/system/kubelet.service.d/" + name, files);
        }
        for (String name : host.list("/etc/kubernetes")) {
            if (name.endsWith(".conf") || name.endsWith(".yaml")) {
                scrubbed(host, bundle, "/etc/kubernetes/" + name, files);
            }
        }
        String staticDir = kubelet.getOrDefault("staticPodPath", "/etc/kubernetes/manifests").replaceAll("/+$", "");
        List<String> staticPods = new ArrayList<>();
        for (String name : host.list(staticDir)) {
            if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
                staticPods.add(name);
                scrubbed(host, bundle, staticDir + "/" + name, files);
            }
        }
        // Runtime configs rarely hold secrets (registry auth is the exception, which bundle redaction covers).
        bundle.copyTree("/etc/containerd", "*.toml", 2);
        bundle.copyTree("/etc/crio", "*", 2);
        bundle.copy("/etc/docker/daemon.json", "/etc/crictl.yaml");

        String socket = SOCKETS.stream().filter(host::exists).findFirst().orElse(null);
        KubernetesNode.Crictl crictl = crictl(context, socket);
        List<KubernetesNode.PodLogs> pods = podIndex(host);
        bundle.text("pods", podTable(pods));
        bundle.json(new KubernetesNode(kubelet, files, staticPods, host.list("/etc/kubernetes/pki"), socket, crictl, pods));
    }

    /** Copies a config through the scrubber into sos_commands/kubernetes/<host path>. */
    private static void scrubbed(Host host, Bundle bundle, String hostPath, List<KubernetesNode.ScrubbedFile> files) {
        if (!host.exists(hostPath) || host.isDirectory(hostPath)) {
            return;
        }
        String text;
        try {
            text = host.read(hostPath, CONFIG_CAP);
        } catch (IOException | HostPathException e) {
            bundle.error(hostPath + ": " + e.getMessage());
            return;
        }
        KubeScrubber.Result r = KubeScrubber.scrub(text);
        String rel = hostPath.substring(1);
        bundle.text(rel, r.text());
        files.add(new KubernetesNode.ScrubbedFile(hostPath, "sos_commands/kubernetes/" + rel, r.blanked()));
    }

    private static KubernetesNode.Crictl crictl(CollectContext context, String socket) {
        if (!context.options().get(CRICTL)) {
            return new KubernetesNode.Crictl("disabled by option crictl=false", List.of());
        }
        if (context.host().which("crictl").isEmpty()) {
            return new KubernetesNode.Crictl("crictl not on PATH", List.of());
        }
        if (socket == null) {
            return new KubernetesNode.Crictl("no runtime socket among " + SOCKETS, List.of());
        }
        Duration timeout = context.options().get(CRICTL_TIMEOUT);
        // crictl's own --timeout bounds each gRPC call; the Command timeout kills it if it hangs anyway
        String own = Math.max(1, timeout.toSeconds() - 1) + "s";
        List<KubernetesNode.Run> runs = new ArrayList<>();
        String[][] what = {{"pods", "pods", "-o", "json"}, {"ps", "ps", "-a", "-o", "json"},
                {"info", "info", "-o", "json"}, {"version", "version", "-o", "json"}};
        for (String[] w : what) {
            if (context.shouldStop()) {
                break;
            }
            List<String> argv = new ArrayList<>(List.of("crictl", "--runtime-endpoint", "unix://" + socket, "--timeout", own));
            argv.addAll(List.of(w).subList(1, w.length));
            String file = "crictl-" + w[0] + ".json";
            CommandResult r = context.bundle().command(file, Command.of(argv).timeout(timeout));
            runs.add(new KubernetesNode.Run(argv, "sos_commands/kubernetes/" + file, r.exitCode(), r.timedOut(), r.summary()));
        }
        return new KubernetesNode.Crictl(null, runs);
    }

    /** var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log, names only (logs are not copied). */
    static List<KubernetesNode.PodLogs> podIndex(Host host) {
        List<KubernetesNode.PodLogs> out = new ArrayList<>();
        for (String dir : host.list("/var/log/pods")) {
            KubeNames.Pod p = KubeNames.parsePodDir(dir);
            if (p == null) {
                continue;
            }
            List<KubernetesNode.ContainerLogs> containers = new ArrayList<>();
            for (String c : host.list("/var/log/pods/" + dir)) {
                containers.add(new KubernetesNode.ContainerLogs(c, host.list("/var/log/pods/" + dir + "/" + c)));
            }
            out.add(new KubernetesNode.PodLogs(p.namespace(), p.name(), p.uid(), containers));
        }
        return out;
    }

    static String podTable(List<KubernetesNode.PodLogs> pods) {
        if (pods.isEmpty()) {
            return "no pod log folders under /var/log/pods\n";
        }
        StringBuilder sb = new StringBuilder(String.format("%-20s %-40s %-36s %s%n", "NAMESPACE", "POD", "UID", "CONTAINERS (log files)"));
        for (KubernetesNode.PodLogs p : pods) {
            List<String> cs = p.containers().stream().map(c -> c.name() + " (" + c.logs().size() + ")").toList();
            sb.append(String.format("%-20s %-40s %-36s %s%n", p.namespace(), p.pod(), p.uid(), String.join(", ", cs)));
        }
        return sb.toString();
    }
}

package io.jsos.cgroups.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * The Kubernetes context of a node, as {@code jsos/kubernetes.json}: what the cgroup identities
 * live in.
 *
 * @param kubelet         the cgroup-related settings of {@code /var/lib/kubelet/config.yaml}
 * @param files           configs copied after scrubbing, with the keys whose values were blanked
 * @param staticPods      file names in the static pod folder
 * @param pki             file names in {@code /etc/kubernetes/pki} (names only: contents never copied)
 * @param runtimeSocket   the container runtime socket found, or null
 * @param crictl          what crictl said, or why it did not run
 * @param pods            the kubelet's log folder index: every pod with its containers and log files
 */
public record KubernetesNode(Map<String, String> kubelet, List<ScrubbedFile> files, List<String> staticPods,
                             List<String> pki, String runtimeSocket, Crictl crictl, List<PodLogs> pods) {

    /** A config copied through {@link KubeScrubber}. */
    public record ScrubbedFile(String path, String bundlePath, List<String> blanked) {
    }

    /**
     * crictl's runs.
     *
     * @param skipped why it did not run, or null
     * @param runs    each command with its outcome
     */
    public record Crictl(String skipped, List<Run> runs) {
    }

    /** One crictl command: its argv, where its output went, and how it ended. */
    public record Run(List<String> argv, String output, int exitCode, boolean timedOut, String summary) {
    }

    /** One pod folder of {@code /var/log/pods}. */
    public record PodLogs(String namespace, String pod, String uid, List<ContainerLogs> containers) {
    }

    /** One container folder with its log file names (restart count + ".log"). */
    public record ContainerLogs(String name, List<String> logs) {
    }
}

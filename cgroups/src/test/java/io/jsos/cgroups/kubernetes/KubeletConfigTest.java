package io.jsos.cgroups.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletConfigTest {

    @Test
    void topLevelCgroupSettings() {
        Map<String, String> m = KubeletConfig.parse("""
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                authentication:
                  cgroupDriver: nested-ignored
                cgroupDriver: "systemd"   # set by kubeadm
                cgroupsPerQOS: true
                containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
                staticPodPath: '/etc/kubernetes/manifests'
                memorySwap: {}
                maxPods:
                """);
        assertThat(m).containsExactly(Map.entry("cgroupDriver", "systemd"), Map.entry("cgroupsPerQOS", "true"),
                Map.entry("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock"),
                Map.entry("staticPodPath", "/etc/kubernetes/manifests"), Map.entry("memorySwap", "{}"));
    }

    @Test
    void nothing() {
        assertThat(KubeletConfig.parse(null)).isEmpty();
        assertThat(KubeletConfig.parse("::\n:x\n")).isEmpty();
    }
}

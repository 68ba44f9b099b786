package io.jsos.cgroups;

import io.jsos.cgroups.CgroupIdentity.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupIdentityTest {

    private static final String ID = "740aa6984df8459495ab89e330bbf0aece4b6424f3c3082b2d46997fa4dbb0e5";
    private static final String UID = "1b6f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void root() {
        assertThat(CgroupIdentity.fromPath("/").kind()).isEqualTo(Kind.ROOT);
        assertThat(CgroupIdentity.fromPath("").kind()).isEqualTo(Kind.ROOT);
    }

    @Test
    void systemdDriverBurstableContainer() {
        CgroupIdentity id = CgroupIdentity.fromPath("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + UID.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope");
        assertThat(id.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(id.qos()).isEqualTo("burstable");
        assertThat(id.podUid()).isEqualTo(UID);
        assertThat(id.containerId()).isEqualTo(ID);
        assertThat(id.runtime()).isEqualTo("containerd");
        assertThat(id.unit()).isEqualTo("cri-containerd-" + ID + ".scope");
    }

    @Test
    void systemdDriverGuaranteedPodHasNoQosLevel() {
        CgroupIdentity id = CgroupIdentity.fromPath("/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice");
        assertThat(id.kind()).isEqualTo(Kind.POD);
        assertThat(id.qos()).isEqualTo("guaranteed");
        assertThat(id.podUid()).isEqualTo(UID);
    }

    @Test
    void systemdDriverQosAndKubepodsLevels() {
        assertThat(CgroupIdentity.fromPath("/kubepods.slice").kind()).isEqualTo(Kind.KUBEPODS);
        CgroupIdentity q = CgroupIdentity.fromPath("/kubepods.slice/kubepods-besteffort.slice");
        assertThat(q.kind()).isEqualTo(Kind.QOS);
        assertThat(q.qos()).isEqualTo("besteffort");
    }

    @Test
    void cgroupfsDriver() {
        CgroupIdentity c = CgroupIdentity.fromPath("/kubepods/besteffort/pod" + UID + "/" + ID);
        assertThat(c.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(c.qos()).isEqualTo("besteffort");
        assertThat(c.podUid()).isEqualTo(UID);
        assertThat(c.containerId()).isEqualTo(ID);
        assertThat(c.runtime()).as("the bare ID does not say whose it is").isNull();
        CgroupIdentity g = CgroupIdentity.fromPath("/kubepods/pod" + UID);
        assertThat(g.kind()).isEqualTo(Kind.POD);
        assertThat(g.qos()).isEqualTo("guaranteed");
        assertThat(CgroupIdentity.fromPath("/kubepods/burstable").kind()).isEqualTo(Kind.QOS);
        assertThat(CgroupIdentity.fromPath("/kubepods").kind()).isEqualTo(Kind.KUBEPODS);
    }

    @Test
    void staticPodUidIsAHash() {
        CgroupIdentity id = CgroupIdentity.fromPath("/kubepods.slice/kubepods-burstable.slice/"
                + "kubepods-burstable-poda1b2c3d4e5f60718293a4b5c6d7e8f90.slice");
        assertThat(id.kind()).isEqualTo(Kind.POD);
        assertThat(id.podUid()).isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f90");
    }

    @Test
    void kindStyleNestedKubelet() {
        CgroupIdentity id = CgroupIdentity.fromPath("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
                + "kubelet-kubepods-besteffort-pod" + UID.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope");
        assertThat(id.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(id.qos()).isEqualTo("besteffort");
        assertThat(id.podUid()).isEqualTo(UID);
    }

    @Test
    void runtimesScopes() {
        assertThat(CgroupIdentity.fromPath("/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice/crio-" + ID + ".scope")
                .runtime()).isEqualTo("cri-o");
        assertThat(CgroupIdentity.fromPath("/kubepods/pod" + UID + "/crio-" + ID).runtime()).isEqualTo("cri-o");
        CgroupIdentity d = CgroupIdentity.fromPath("/system.slice/docker-" + ID + ".scope");
        assertThat(d.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(d.runtime()).isEqualTo("docker");
        assertThat(d.podUid()).isNull();
        CgroupIdentity p = CgroupIdentity.fromPath("/machine.slice/libpod-" + ID + ".scope");
        assertThat(p.runtime()).isEqualTo("podman");
        assertThat(CgroupIdentity.fromPath("/machine.slice/libpod-conmon-" + ID + ".scope").kind()).isEqualTo(Kind.SCOPE);
        assertThat(CgroupIdentity.fromPath("/kubepods.slice/crio-conmon-" + ID + ".scope").kind()).isEqualTo(Kind.SCOPE);
    }

    @Test
    void plainDockerCgroupfs() {
        CgroupIdentity d = CgroupIdentity.fromPath("/docker/" + ID);
        assertThat(d.kind()).isEqualTo(Kind.CONTAINER);
        assertThat(d.runtime()).isEqualTo("docker");
        assertThat(d.containerId()).isEqualTo(ID);
        assertThat(CgroupIdentity.fromPath("/docker").kind()).isEqualTo(Kind.OTHER);
        assertThat(CgroupIdentity.fromPath("/" + ID).kind()).as("a bare ID outside docker/kubepods is not guessed").isEqualTo(Kind.OTHER);
    }

    @Test
    void belowAContainerKeepsItsContext() {
        CgroupIdentity id = CgroupIdentity.fromPath("/docker/" + ID + "/init.scope");
        assertThat(id.kind()).isEqualTo(Kind.SCOPE);
        assertThat(id.containerId()).isEqualTo(ID);
        assertThat(id.isPodOrContainer()).isFalse();
    }

    @Test
    void lxc() {
        assertThat(CgroupIdentity.fromPath("/lxc/web1").containerId()).isEqualTo("web1");
        assertThat(CgroupIdentity.fromPath("/lxc.payload.web1").runtime()).isEqualTo("lxc");
    }

    @Test
    void systemdUnits() {
        CgroupIdentity s = CgroupIdentity.fromPath("/system.slice/nginx.service");
        assertThat(s.kind()).isEqualTo(Kind.SERVICE);
        assertThat(s.unit()).isEqualTo("nginx.service");
        CgroupIdentity u = CgroupIdentity.fromPath("/user.slice/user-1000.slice");
        assertThat(u.kind()).isEqualTo(Kind.USER_SLICE);
        assertThat(u.uid()).isEqualTo(1000);
        CgroupIdentity sess = CgroupIdentity.fromPath("/user.slice/user-1000.slice/session-3.scope");
        assertThat(sess.kind()).isEqualTo(Kind.SESSION);
        assertThat(sess.uid()).isEqualTo(1000);
        assertThat(CgroupIdentity.fromPath("/user.slice/user-1000.slice/user@1000.service").kind()).isEqualTo(Kind.SERVICE);
        assertThat(CgroupIdentity.fromPath("/system.slice").kind()).isEqualTo(Kind.SLICE);
        assertThat(CgroupIdentity.fromPath("/init.scope").kind()).isEqualTo(Kind.SCOPE);
        assertThat(CgroupIdentity.fromPath("/process_api/cc55").kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void podLikeNamesOutsideKubepodsAreNotPods() {
        assertThat(CgroupIdentity.fromPath("/system.slice/pod" + UID).kind()).isEqualTo(Kind.OTHER);
        assertThat(CgroupIdentity.fromPath("/system.slice/burstable").kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void kindSpellingInJson() {
        assertThat(Kind.USER_SLICE.json()).isEqualTo("user-slice");
    }
}

package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubeNamesTest {

    private static final String ID = "740aa6984df8459495ab89e330bbf0aece4b6424f3c3082b2d46997fa4dbb0e5";
    private static final String UID = "1b6f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void podDir() {
        assertThat(KubeNames.parsePodDir("shop_payments-7d9f8b6c5-x2x9q_" + UID))
                .isEqualTo(new KubeNames.Pod("shop", "payments-7d9f8b6c5-x2x9q", UID));
        assertThat(KubeNames.parsePodDir("kube-system_etcd-node-a_a1b2c3d4e5f60718293a4b5c6d7e8f90").uid())
                .isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f90");
    }

    @Test
    void badPodDirs() {
        assertThat(KubeNames.parsePodDir("noseparators")).isNull();
        assertThat(KubeNames.parsePodDir("ns_pod_notauid")).isNull();
        assertThat(KubeNames.parsePodDir("ns__" + UID)).isNull();
        assertThat(KubeNames.parsePodDir("_pod_" + UID)).isNull();
    }

    @Test
    void containerLog() {
        assertThat(KubeNames.parseContainerLog("payments-7d9f8b6c5-x2x9q_shop_payments-" + ID + ".log"))
                .isEqualTo(new KubeNames.Container("shop", "payments-7d9f8b6c5-x2x9q", "payments", ID));
        assertThat(KubeNames.parseContainerLog("a_b_c-" + ID + ".log.1")).isNull();
        assertThat(KubeNames.parseContainerLog("a_b-" + ID + ".log")).isNull();
        assertThat(KubeNames.parseContainerLog("a_b_c-short.log")).isNull();
    }

    /** The hand-written parser against the regex it replaced, on names that probe each rule. */
    @Test
    void containerLogAgreesWithTheRegex() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("([^_]+)_([^_]+)_([^_]+)-([0-9a-f]{64})\\.log");
        String upper = ID.toUpperCase(java.util.Locale.ROOT);
        for (String name : List.of("p_ns_c-" + ID + ".log", "p-1_ns_c-x-" + ID + ".log", "_ns_c-" + ID + ".log",
                "p__c-" + ID + ".log", "p_ns_-" + ID + ".log", "p_ns_c_d-" + ID + ".log", "p_ns_c" + ID + ".log",
                "p_ns_c-" + upper + ".log", "p_ns_c-" + ID.substring(1) + ".log", "p_ns_c-" + ID + "0.log",
                "p_ns_c-" + ID + ".lo", "p_ns_c--" + ID + ".log", "pns_c-" + ID + ".log", "p_ns_c-" + ID + "_.log",
                "p_ns_c-" + ID.substring(0, 63) + "_.log", "-" + ID + ".log", "")) {
            java.util.regex.Matcher m = regex.matcher(name);
            KubeNames.Container expected = m.matches() ? new KubeNames.Container(m.group(2), m.group(1), m.group(3), m.group(4)) : null;
            assertThat(KubeNames.parseContainerLog(name)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void namesAPodAndItsContainer() {
        KubeNames names = KubeNames.of(List.of("shop_payments-x_" + UID, "junk"),
                List.of("payments-x_shop_payments-" + ID + ".log"));
        String pod = "/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice";
        CgroupIdentity p = names.name(CgroupIdentity.fromPath(pod));
        assertThat(p.namespace()).isEqualTo("shop");
        assertThat(p.pod()).isEqualTo("payments-x");
        assertThat(p.container()).isNull();
        CgroupIdentity c = names.name(CgroupIdentity.fromPath(pod + "/cri-containerd-" + ID + ".scope"));
        assertThat(c.container()).isEqualTo("payments");
        assertThat(c.pod()).isEqualTo("payments-x");
    }

    @Test
    void unknownsStayUnnamed() {
        KubeNames names = KubeNames.of(List.of(), List.of());
        assertThat(names).isSameAs(KubeNames.EMPTY);
        CgroupIdentity id = CgroupIdentity.fromPath("/kubepods/pod" + UID);
        assertThat(names.name(id)).isSameAs(id);
    }
}

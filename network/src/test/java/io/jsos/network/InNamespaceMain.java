package io.jsos.network;

import io.jsos.engine.host.LocalHost;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.ScrapeHarness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Run by {@link RealBridgeInNamespaceTest} in a child JVM under {@code ip netns exec}, which gives it
 * the namespace's sysfs: collects the bridge and interfaces collectors and scrapes the bridge's
 * metrics, writing what they produced under the folder given as the argument.
 */
public final class InNamespaceMain {

    private InNamespaceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        LocalHost host = LocalHost.local();
        CollectorHarness.BundleOutcome b = CollectorHarness.collect(new BridgeCollector(), host, out.resolve("work-b"));
        Files.writeString(out.resolve("bridge.json"), b.text("jsos/bridge.json"));
        Files.writeString(out.resolve("bridge-files.txt"), String.join("\n", b.files().keySet()));
        if (b.files().containsKey("sos_commands/bridge/sysfs_br7")) {
            Files.writeString(out.resolve("sysfs_br7"), b.text("sos_commands/bridge/sysfs_br7"));
        }
        CollectorHarness.BundleOutcome i = CollectorHarness.collect(new InterfacesCollector(), host, out.resolve("work-i"));
        Files.writeString(out.resolve("interfaces.json"), i.text("jsos/interfaces.json"));
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new BridgeCollector(), host);
        Files.writeString(out.resolve("metrics.txt"), s.samples().stream()
                .map(x -> x.name() + x.labels() + " " + x.value()).collect(Collectors.joining("\n")));
    }
}

package io.jsos.agent;

import io.jsos.agent.config.JsosConfig;
import io.jsos.agent.config.Profiles;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectorCatalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which collectors a collect or serve runs, from {@code --only}/{@code --collectors},
 * {@code --profile}, {@code --skip} and the collector options of the command line and the config
 * file. Shared by collect and serve so both read the same settings the same way.
 *
 * @param plan     the plan
 * @param warnings what the run goes on despite (a profile naming a collector that is not here)
 */
record Selection(CollectionPlan plan, List<String> warnings) {

    /**
     * @param profiles      profile names (from the command line, or the file's default)
     * @param profileOnCli  whether they were given on the command line (a file's profile yields to --only)
     * @param onlyFlag      the name of the command's --only option, for messages
     */
    static Selection of(JsosConfig config, CollectorCatalog catalog, List<String> profiles, boolean profileOnCli,
                        Set<String> only, String onlyFlag, Set<String> skip, Map<String, Map<String, String>> cliOptions) {
        Map<String, Map<String, String>> options = config.collectorOptions(catalog, cliOptions);
        boolean useProfiles = !profiles.isEmpty() && (profileOnCli || only.isEmpty());
        if (useProfiles && !only.isEmpty()) {
            throw new IllegalArgumentException("--profile and " + onlyFlag + " both choose the collectors: give one "
                    + "(--skip trims a profile)");
        }
        if (!useProfiles) {
            return new Selection(CollectionPlan.of(catalog, only, skip, options), List.of());
        }
        Profiles.Selection s = config.profiles().select(profiles, catalog.names());
        return new Selection(CollectionPlan.forProfiles(catalog, String.join(",", profiles), s.collectors(), skip, options),
                s.warnings());
    }
}

package org.gridgate.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridgate.caveat.Activity;
import org.gridgate.caveat.MintingPolicy;
import org.gridgate.caveat.Requester;
import org.gridgate.gateway.config.GatewayConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Work with the minting policy.", subcommands = PolicyCommand.Check.class)
final class PolicyCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        // A command that needs a subcommand and got none is a bad command line: exit 2, the usage on stderr.
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet().stream()
                        .filter(name -> !name.equals("help")).toList()));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Say what an identity may mint for a path and activity, and which rule decided.")
    static final class Check implements Callable<Integer> {

        static final class Source {
            @Option(names = "--config", description = "Door configuration file (its policy is used)")
            Path config;

            @Option(names = "--policy", description = "Policy file")
            Path policy;
        }

        @ArgGroup(multiplicity = "1")
        private Source source;

        @Option(names = "--dn", required = true, description = "End-entity DN, slash form")
        private String dn;

        @Option(names = "--fqan", description = "VOMS FQAN, primary first (repeatable)")
        private List<String> fqans = new ArrayList<>();

        @Option(names = "--username", description = "Mapped local user name, for ${username} rules")
        private String username;

        @Option(names = "--path", required = true, description = "Storage path")
        private String path;

        @Option(names = "--activity", required = true, description = "One of: ${COMPLETION-CANDIDATES}")
        private Activity activity;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path policyFile = source.policy != null ? source.policy : GatewayConfig.load(source.config).policy();
            MintingPolicy policy = MintingPolicy.load(policyFile);
            Requester requester = new Requester(dn, fqans, Optional.ofNullable(username), Optional.empty());
            spec.commandLine().getOut().println(policy.explain(requester, path, activity));
            return 0;
        }
    }
}

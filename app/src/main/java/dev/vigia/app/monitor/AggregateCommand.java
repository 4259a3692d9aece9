package dev.vigia.app.monitor;

import dev.vigia.app.common.StopOnSignal;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.CountAggregate;
import dev.vigia.cluster.KafkaConnection;
import dev.vigia.cluster.web.CountsServer;
import dev.vigia.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigia aggregate}: the cluster's counts in windows, from vigia.events to vigia.counts, exactly once. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Count line crossings and zone entries of every camera of a cluster in tumbling and hopping windows",
                "(a Kafka Streams application, exactly once) into vigia.counts; a page of them at / and GET /api/counts?windowing=tumbling|hopping&camera=."})
public final class AggregateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP")
    String kafka;

    @Option(names = "--window", paramLabel = "TIME", defaultValue = "1m", description = "Window size (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--hop", paramLabel = "TIME", defaultValue = "15s", description = "Hopping windows' advance (default: ${DEFAULT-VALUE}).")
    String hop;

    @Option(names = "--grace", paramLabel = "TIME", defaultValue = "30s", description = "How late an event may come (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "vigia-aggregate",
            description = "The Streams application id: instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "out/aggregate-state", description = "Local state (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--port", defaultValue = "5060", description = "The query's HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any).")
    int port;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long (default: until Ctrl-C).")
    String duration;

    @Override
    public Integer call() throws Exception {
        KafkaConnection connection = kafkaClient.connection(kafka);
        ClusterTopics.ensure(connection, kafkaClient.patience());
        CountAggregate.Windows windows = new CountAggregate.Windows(Durations.parse(window, "--window"),
                Durations.parse(hop, "--hop"), Durations.parse(grace, "--grace"));
        Duration runFor = Durations.parse(duration, "--duration");
        try (CountAggregate aggregate = new CountAggregate(connection, applicationId, windows, stateDir)) {
            aggregate.start();
            CountsServer server = CountsServer.start(port, aggregate, connection);
            spec.commandLine().getOut().println("Counting " + ClusterTopics.EVENTS + " into " + CountAggregate.COUNTS
                    + "; counts at http://127.0.0.1:" + server.port() + "/ and http://127.0.0.1:" + server.port() + "/api/counts");
            spec.commandLine().getOut().flush();
            StopOnSignal.await(runFor);
            server.close();
        }
        return 0;
    }
}

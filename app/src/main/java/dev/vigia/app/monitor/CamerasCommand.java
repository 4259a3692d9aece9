package dev.vigia.app.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigia.cluster.CameraCatalog;
import dev.vigia.cluster.CameraRecords;
import dev.vigia.cluster.ClusterTopics;
import dev.vigia.cluster.KafkaConnection;
import dev.vigia.config.Names;
import dev.vigia.config.Redaction;
import dev.vigia.config.UserError;
import dev.vigia.config.YamlConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigia cameras add|remove|list --kafka BOOTSTRAP}: the cameras a cluster of monitors runs. */
@Command(name = "cameras", mixinStandardHelpOptions = true,
        description = "Manage the cameras of a cluster of 'vigia monitor --kafka' workers (the compacted topic vigia.cameras).",
        subcommands = {CamerasCommand.Add.class, CamerasCommand.Remove.class, CamerasCommand.ListCameras.class})
public final class CamerasCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The broker, reached (or given up on) before anything else. */
    static final class Broker {
        @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP", description = "Kafka's bootstrap servers, e.g. 127.0.0.1:9092.")
        String bootstrap;

        @Mixin
        KafkaClientOptions client;

        CameraCatalog connect() {
            KafkaConnection kafka = client.connection(bootstrap);
            ClusterTopics.ensure(kafka, client.patience());
            return new CameraCatalog(kafka);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add (or replace) the cameras of a monitor config file, all of them or those named.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Broker broker;

        @Option(names = "--config", required = true, paramLabel = "CAMERAS.yaml", description = "A monitor config with a 'cameras:' list.")
        Path config;

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Only these cameras (default: every one).")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(config)) {
                throw new UserError("The config " + config + " does not exist");
            }
            JsonNode root = YamlConfig.mapper().readTree(config.toFile());
            Map<String, byte[]> records = new LinkedHashMap<>();
            for (JsonNode camera : root.path("cameras")) {
                String name = camera.path("name").asText("");
                if (names.isEmpty() || names.contains(name)) {
                    byte[] value = CameraRecords.value(camera);
                    // The worker decides whether it opens local files: here only what no worker would take is refused.
                    CameraRecords.read(name, value, true);
                    records.put(name, value);
                }
            }
            List<String> missing = names.stream().filter(n -> !records.containsKey(n)).toList();
            if (!missing.isEmpty() || records.isEmpty()) {
                throw new UserError(config + " has no camera " + (missing.isEmpty() ? "" : "named " + String.join(", ", missing))
                        + "; its cameras are " + root.path("cameras").findValuesAsText("name"));
            }
            broker.connect().put(records);
            spec.commandLine().getOut().println("Added " + String.join(", ", records.keySet()) + " to " + ClusterTopics.CAMERAS);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove cameras: the worker running each stops it.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Broker broker;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            CameraCatalog catalog = broker.connect();
            Map<String, byte[]> present = catalog.all();
            List<String> unknown = names.stream().filter(n -> !present.containsKey(n)).toList();
            if (!unknown.isEmpty()) {
                throw new UserError("No camera named " + String.join(", ", unknown.stream().map(Names::shown).toList()) + " in " + ClusterTopics.CAMERAS
                        + "; there are " + String.join(", ", present.keySet().stream().map(name -> Names.shown(String.valueOf(name))).toList()));
            }
            Map<String, byte[]> tombstones = new LinkedHashMap<>();
            names.forEach(name -> tombstones.put(name, null));
            catalog.put(tombstones);
            spec.commandLine().getOut().println("Removed " + String.join(", ", names));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The cameras in vigia.cameras, one per line: name and url (passwords hidden).")
    static final class ListCameras implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Broker broker;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, byte[]> camera : broker.connect().all().entrySet()) {
                out.println(Names.shown(String.valueOf(camera.getKey())) + "\t" + shownUrl(camera.getValue()));
            }
            return 0;
        }

        /** A record's url with its secrets hidden and control characters replaced: records are anyone's text. */
        private static String shownUrl(byte[] record) {
            try {
                JsonNode value = YamlConfig.mapper().readTree(record);
                return value == null ? "?" : Redaction.redact(value.path("url").asText("?")).replaceAll("\\p{Cntrl}", "?");
            } catch (IOException e) {
                return "? (not a camera record: not JSON)";
            }
        }
    }
}

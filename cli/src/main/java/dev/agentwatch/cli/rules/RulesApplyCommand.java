package dev.agentwatch.cli.rules;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Validates a rule file and, only if all of it is valid, publishes it to the compacted rules topic under its own
 * key, {@code ruleset@<version>} (so compaction keeps it whatever is written after it); every streams instance
 * switches to it at its next evaluation. An invalid file publishes nothing (exit 1), nor does a rules topic that is
 * missing (exit 1) or has more than one partition (exit 2). Then it tombstones the versions older than the newest
 * {@value RulesTopicCodec#KEPT_VERSIONS} that compile ({@link RulesTopicHistory}); if that fails, the file stays
 * applied (exit 0, a warning), and the next apply withdraws them.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Validate a rule file and publish it; running instances switch without a restart. Versions "
                + "older than the newest " + RulesTopicCodec.KEPT_VERSIONS + " are withdrawn.")
public final class RulesApplyCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Parameters(paramLabel = "FILE")
    Path file;

    @Spec
    CommandSpec spec;

    /** Where the configuration comes from: the file and environment, or a test's. */
    Supplier<AgentwatchConfig> config = AgentwatchConfig::load;

    @Override
    public Integer call() throws Exception {
        AgentwatchConfig config = this.config.get();
        RuleCompileOptions options = RuleFileLoader.options(config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rules;
        try {
            rules = RuleFileLoader.compile(file, options);
        } catch (RuleFileException e) {
            RuleFileLoader.printErrors(e, err);
            return 1;
        }
        String topic = config.topics().rules();
        String bootstrap = config.kafka().bootstrapServers();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                // a topic the broker would create on the first write would be neither compacted nor of one partition
                err.printf("agentwatch rules apply: the rules topic '%s' does not exist; start the streams app once "
                        + "(it creates the topic: one partition, compacted), then apply again; nothing was applied%n", topic);
                err.flush();
                return 1;
            }
            try {
                RulesTopicCodec.checkPartitions(topic, partitions.size());
            } catch (IllegalStateException e) {
                err.println("agentwatch: configuration error: " + e.getMessage() + "; nothing was applied");
                err.flush();
                return 2;
            }
            String key = RulesTopicCodec.keyOf(rules);
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, key,
                    RulesTopicCodec.encode(rules))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            out.printf("%s: applied %d rules as rule_version %d (%s offset %d, key %s)%n", file,
                    rules.rules().size(), rules.version(), md.topic(), md.offset(), key);
            out.flush();
            try {
                int withdrawn = withdrawOlderVersions(consumer, producer, topic, options);
                if (withdrawn > 0) {
                    out.printf("withdrew %d older version%s (tombstones); the newest %d stay%n", withdrawn,
                            withdrawn == 1 ? "" : "s", RulesTopicCodec.KEPT_VERSIONS);
                }
            } catch (KafkaException | ExecutionException | TimeoutException e) {
                err.printf("agentwatch rules apply: applied, but the versions older than the newest %d were not "
                        + "withdrawn (%s); the next apply withdraws them%n", RulesTopicCodec.KEPT_VERSIONS, e);
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** @return how many rules keys were tombstoned */
    private static int withdrawOlderVersions(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer,
                                             String topic, RuleCompileOptions options)
            throws TimeoutException, ExecutionException, InterruptedException {
        var latest = RulesTopicHistory.read(consumer, new TopicPartition(topic, 0), TIMEOUT);
        List<String> older = RulesTopicHistory.superseded(latest, topic, options, RulesTopicCodec.KEPT_VERSIONS);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String key : older) {
            sent.add(producer.send(new ProducerRecord<>(topic, key, null)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return older.size();
    }
}

package dev.agentwatch.cli.rules;

import dev.agentwatch.cli.ClientConfig;
import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Validates a rule file and, only if all of it is valid, publishes it to the compacted rules topic under its own
 * key, {@code ruleset@<version>} (so compaction keeps it whatever is written after it); every streams instance
 * switches to it at its next evaluation. An invalid file publishes nothing (exit 1).
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Validate a rule file and publish it; running instances switch without a restart.")
public final class RulesApplyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RuleSet rules;
        try {
            rules = RuleFileLoader.compile(file);
        } catch (RuleFileException e) {
            RuleFileLoader.printErrors(e, spec.commandLine().getErr());
            return 1;
        }
        ClientConfig config = ClientConfig.load();
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            String key = RulesTopicCodec.keyOf(rules);
            RecordMetadata md = producer.send(new ProducerRecord<>(config.topics().rules(), key,
                    RulesTopicCodec.encode(rules))).get(60, TimeUnit.SECONDS);
            spec.commandLine().getOut().printf("%s: applied %d rules as rule_version %d (%s offset %d, key %s)%n", file,
                    rules.rules().size(), rules.version(), md.topic(), md.offset(), key);
        }
        return 0;
    }
}

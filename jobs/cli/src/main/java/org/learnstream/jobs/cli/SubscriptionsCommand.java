package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.notify.SubscriptionRules;
import org.learnstream.jobs.notify.SubscriptionStore;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.ClientVariables;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.WarningRule;
import org.learnstream.schemas.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Alert subscriptions of intervention specialists, kept as events on the compacted alert.subscriptions topic. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true,
    description = "Add, list or remove alert subscriptions (webhook deliveries of early-warning alerts).",
    subcommands = {SubscriptionsCommand.Add.class, SubscriptionsCommand.ListAll.class,
        SubscriptionsCommand.Remove.class})
public final class SubscriptionsCommand {

  /** Where subscriptions look for Kafka when neither a flag nor the settings name it. */
  static final String DEFAULT_KAFKA = "localhost:9092";

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Option(names = "--kafka", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (setting kafka.bootstrap-servers). Default: the setting, else "
          + DEFAULT_KAFKA + ".")
  String kafka;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", hidden = true, description = "Deprecated name of --kafka.")
  String formerKafka;

  @Option(names = "--topic", defaultValue = Topics.ALERT_SUBSCRIPTIONS, paramLabel = "TOPIC",
      description = "The subscriptions topic (default: ${DEFAULT-VALUE}).")
  String topic;

  SubscriptionStore store() {
    String bootstrap = kafkaAddress();
    Reachability.requireKafka(bootstrap, "start the broker or give its address with --kafka HOST:PORT");
    return new SubscriptionStore(bootstrap, topic);
  }

  /** The flag, then the setting (file or LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS), then the former variable. */
  private String kafkaAddress() {
    String flag = DeprecatedNames.flag(spec, "--kafka", kafka, "--bootstrap", formerKafka);
    if (flag != null) {
      return flag;
    }
    String setting = config.load().get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (setting != null) {
      return setting;
    }
    String former = DeprecatedNames.variable(spec,
        SettingsLoader.environmentName(PipelineOptions.KAFKA_BOOTSTRAP.key()), ClientVariables.KAFKA_BOOTSTRAP);
    return former != null ? former : DEFAULT_KAFKA;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add (or replace) a subscription.")
  static final class Add implements Callable<Integer> {
    @ParentCommand
    SubscriptionsCommand parent;
    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID",
        description = "Subscription id (default: a new UUID); an existing id is replaced.")
    String id;
    @Option(names = "--specialist", required = true, paramLabel = "WHO",
        description = "Who subscribes, e.g. an e-mail.")
    String specialist;
    @Option(names = "--tenant", required = true, paramLabel = "TENANT",
        description = "The only tenant whose alerts are sent.")
    String tenant;
    @Option(names = "--course", paramLabel = "COURSE", description = "Course id to match (repeatable; none = all).")
    List<String> courses = new ArrayList<>();
    @Option(names = "--section", paramLabel = "SECTION", description = "Section id to match (repeatable; none = all).")
    List<String> sections = new ArrayList<>();
    @Option(names = "--rule", paramLabel = "RULE", completionCandidates = RuleIds.class,
        description = "Rule to match (repeatable; none = all): ${COMPLETION-CANDIDATES}.")
    List<String> rules = new ArrayList<>();
    @Option(names = "--min-severity", defaultValue = "info", paramLabel = "SEVERITY",
        description = "info, warning or critical.")
    String minSeverity;
    @Option(names = "--digest", paramLabel = "PERIOD",
        description = "Instead of one webhook per alert change, one per learner per PERIOD (ISO-8601, e.g. P1D or "
            + "PT12H) with all their open act alerts and their evidence.")
    String digest;
    @Option(names = "--webhook", required = true, paramLabel = "URL", description = "Where alerts are POSTed.")
    String webhook;
    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
        description = "File holding the HMAC secret (kept off the command line so it stays out of process lists and logs).")
    Path secretFile;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        rules.forEach(WarningRuleRegistry::of);
        if (digest != null) {
          SubscriptionRules.requireDigestPeriod("--digest", digest);
        }
        Severity.of(minSeverity);
        if (!Files.isReadable(secretFile)) {
          throw new IllegalArgumentException("--secret-file " + secretFile
              + " cannot be read; put the webhook secret in a file and give its path");
        }
        String secret = Files.readString(secretFile).strip();
        if (secret.isEmpty()) {
          throw new IllegalArgumentException("--secret-file " + secretFile + " is empty; put the webhook secret in it");
        }
        Subscription s = Subscription.newBuilder()
            .setSubscriptionId(id == null ? UUID.randomUUID().toString() : id)
            .setSpecialist(specialist).setTenant(tenant).setCourses(courses).setSections(sections)
            .setRules(rules.stream().map(r -> WarningRuleRegistry.of(r).id()).toList())
            .setMinSeverity(Severity.of(minSeverity).id()).setWebhookUrl(webhook).setSecret(secret)
            .setDigest(digest == null ? "" : digest)
            .setUpdatedAt(Instant.now()).build();
        parent.store().put(s);
        out.println("subscription " + s.getSubscriptionId() + " added for " + specialist + " (tenant " + tenant + ")");
        out.flush();
        return 0;
      } catch (IOException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("subscriptions add: " + CliMessages.describe(e));
        spec.commandLine().getErr().flush();
        return 2;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the current subscriptions (secrets hidden).")
  static final class ListAll implements Callable<Integer> {
    @ParentCommand
    SubscriptionsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant's subscriptions.")
    String tenant;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (Subscription s : parent.store().readAll().values()) {
        if (tenant == null || tenant.equals(s.getTenant())) {
          out.println(describe(s));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a subscription.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    SubscriptionsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      Map<String, Subscription> all = parent.store().readAll();
      Subscription s = all.get(id);
      if (s == null) {
        spec.commandLine().getErr()
            .println("subscriptions remove: no subscription " + id + "; see 'subscriptions list'");
        spec.commandLine().getErr().flush();
        return 2;
      }
      parent.store().remove(s);
      spec.commandLine().getOut().println("subscription " + id + " removed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  static String describe(Subscription s) {
    return "id=" + s.getSubscriptionId() + " specialist=" + s.getSpecialist() + " tenant=" + s.getTenant()
        + " courses=" + s.getCourses() + " sections=" + s.getSections() + " rules=" + s.getRules()
        + " min_severity=" + s.getMinSeverity() + " digest=" + (s.getDigest().isEmpty() ? "none" : s.getDigest())
        + " webhook=" + s.getWebhookUrl();
  }

  /** The registered rules' ids, which the --rule help lists. */
  static final class RuleIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return WarningRuleRegistry.all().stream().map(WarningRule::id).iterator();
    }
  }
}

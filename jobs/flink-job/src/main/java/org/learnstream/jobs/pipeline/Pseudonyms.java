package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;

import java.nio.charset.StandardCharsets;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/** The pseudonymisation key is a secret: it comes from the environment of the process, never from job arguments. */
public final class Pseudonyms {

  public static final String KEY_ENV = PipelineOptions.PSEUDONYM_KEY.name();

  public static Pseudonymizer fromEnvironment() {
    return fromKey(System.getenv(KEY_ENV));
  }

  /** The pseudonymizer of the key in {@code environment}: the public development key when it holds none. */
  public static Pseudonymizer fromEnvironment(java.util.Map<String, String> environment) {
    return fromKey(environment.get(KEY_ENV));
  }

  /** The pseudonymizer of {@code key}, the value of {@link #KEY_ENV}; unset or empty: the public development key. */
  public static Pseudonymizer fromKey(String key) {
    return key == null || key.isEmpty()
        ? Pseudonymizer.unkeyed()
        : new Pseudonymizer(key.getBytes(StandardCharsets.UTF_8));
  }

  private Pseudonyms() {
  }
}

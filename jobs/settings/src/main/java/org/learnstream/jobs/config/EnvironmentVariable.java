package org.learnstream.jobs.config;

/**
 * An environment variable read outside the settings file: a secret (which must never appear in a file, a flag or
 * a log) or a variable of a command-line client. Declared as a {@code public static final} field of an options
 * class, so that {@code learnstream settings} lists it and the loader does not take it for a misspelt setting.
 *
 * @param secret true when the value must never be shown; {@code learnstream settings} prints only the name
 */
public record EnvironmentVariable(String name, String description, boolean secret) {

  public static EnvironmentVariable secret(String name, String description) {
    return new EnvironmentVariable(name, description, true);
  }

  public static EnvironmentVariable plain(String name, String description) {
    return new EnvironmentVariable(name, description, false);
  }
}

package org.learnstream.jobs.config;

/** A setting is missing, unknown or invalid; the message says which and what to write instead. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}

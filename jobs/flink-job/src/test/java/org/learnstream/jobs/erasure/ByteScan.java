package org.learnstream.jobs.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Occurrences of a text (as UTF-8) in raw bytes: the files of a savepoint, Kafka records. Flink writes state
 * uncompressed by default (snapshot compression off) and its string serializer writes ASCII text as its bytes, so
 * every identifier held in state appears here as it is.
 */
final class ByteScan {

  private ByteScan() {
  }

  static int count(byte[] haystack, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    int found = 0;
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        found++;
      }
    }
    return found;
  }

  /** Occurrences of {@code text} in every file under {@code dir}. */
  static long countInFiles(Path dir, String text) {
    try (Stream<Path> files = Files.walk(dir)) {
      long found = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        found += count(Files.readAllBytes(file), text);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under {@code dir}, for the report. */
  static List<Path> files(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

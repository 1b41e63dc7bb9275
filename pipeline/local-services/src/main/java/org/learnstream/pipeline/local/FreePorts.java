package org.learnstream.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Free TCP ports on the loopback interface. */
public final class FreePorts {

  private FreePorts() {
  }

  public static int find() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /**
   * The ports an earlier start recorded in {@code file} when all of them are free again, else {@code count} new
   * ones; recorded for the next start either way. A server on a kept data directory thus comes back where its
   * clients (and a KRaft quorum's stored voters) knew it.
   */
  public static int[] kept(Path file, int count) {
    int[] ports = recorded(file, count);
    if (ports == null || !Arrays.stream(ports).allMatch(FreePorts::isFree)) {
      ports = new int[count];
      for (int i = 0; i < count; i++) {
        ports[i] = find();
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join(" ", Arrays.stream(ports).mapToObj(Integer::toString).toList()),
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the ports in " + file + ": " + e.getMessage(), e);
    }
    return ports;
  }

  private static int[] recorded(Path file, int count) {
    try {
      if (!Files.exists(file)) {
        return null;
      }
      int[] ports = Arrays.stream(Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+"))
          .mapToInt(Integer::parseInt).toArray();
      return ports.length == count ? ports : null;
    } catch (IOException | NumberFormatException e) {
      return null; // unreadable: new ports, as on a first start
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

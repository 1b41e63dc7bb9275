package org.learnstream.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Free TCP ports on the loopback interface. */
public final class FreePorts {

  private FreePorts() {
  }

  public static int find() {
    return find(1)[0];
  }

  /**
   * {@code count} different free ports. Their sockets stay open until all are chosen: asked one after the other,
   * the kernel hands the port it just released out again now and then (about once in 5,000 pairs here), and a
   * server given the same port twice fails with "Address already in use".
   */
  public static int[] find(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("No free TCP port on 127.0.0.1: " + e.getMessage(), e);
    } finally {
      sockets.forEach(FreePorts::closeQuietly);
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
      ports = find(count);
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

  /**
   * {@link #kept} for several servers started one after another, none given a port of another: ports released by the
   * first choice can come back in the next.
   */
  public static List<int[]> keptApart(int count, Path... files) {
    while (true) {
      List<int[]> chosen = new ArrayList<>();
      for (Path file : files) {
        chosen.add(kept(file, count));
      }
      int[] all = chosen.stream().flatMapToInt(Arrays::stream).toArray();
      if (Arrays.stream(all).distinct().count() == all.length) {
        return chosen;
      }
      for (Path file : Arrays.asList(files).subList(1, files.length)) {
        try {
          Files.deleteIfExists(file); // the first keeps its ports, the others choose again
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot choose the ports in " + file + " again: " + e.getMessage(), e);
        }
      }
    }
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

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // a socket that was only bound, never accepted on: nothing is lost
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

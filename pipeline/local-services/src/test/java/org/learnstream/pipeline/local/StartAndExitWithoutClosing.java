package org.learnstream.pipeline.local;

/** Child JVM for {@link LocalClickHouseShutdownTest}: starts a server, prints its PID and exits without close(). */
public final class StartAndExitWithoutClosing {

  private StartAndExitWithoutClosing() {
  }

  public static void main(String[] args) {
    LocalClickHouse server = LocalClickHouse.start();
    System.out.println("PID " + server.pid());
    System.out.println("DIR " + server.baseDir());
    System.out.flush();
    System.exit(0);
  }
}

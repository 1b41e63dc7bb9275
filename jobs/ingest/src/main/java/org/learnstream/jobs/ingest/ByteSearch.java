package org.learnstream.jobs.ingest;

/** A look at raw JSON bytes before parsing them, to spare the parse on the write path when a word is absent. */
public final class ByteSearch {

  private ByteSearch() {
  }

  public static boolean contains(byte[] haystack, byte[] needle) {
    outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

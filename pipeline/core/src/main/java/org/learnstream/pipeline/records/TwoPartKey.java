package org.learnstream.pipeline.records;

/**
 * A map key of two parts, e.g. a record's id and a purpose, or a tenant and an actor: two fields rather than one
 * joined text, so a lookup neither copies the parts nor hashes them again (strings keep their hashes). Equality and
 * hash are written out: the generated ones of a record were seen dispatched through method handles in profiles of
 * sealing, which looks such keys up for every statement.
 */
record TwoPartKey(Object first, String second) {

  @Override
  public int hashCode() {
    return 31 * first.hashCode() + second.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TwoPartKey k && first.equals(k.first) && second.equals(k.second);
  }
}

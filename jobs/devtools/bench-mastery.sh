#!/usr/bin/env bash
# Mastery kernel throughput (JMH, ops/s) and bytes of Flink state per learner x skill.
# Usage (from the repository root): jobs/devtools/bench-mastery.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -pl jobs/devtools -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "jobs/devtools/target/test-classes:jobs/devtools/target/classes:$(cat jobs/devtools/target/test-classpath.txt)" \
  org.learnstream.jobs.bench.MasteryKernelBenchmark "$@"

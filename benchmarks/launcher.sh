# Sourced by the benchmark scripts (ROOT set to the repository): builds the benchmarks module and
# what it depends on in this checkout (a reactor `package`, nothing installed into ~/.m2); the build
# writes the class path (benchmarks/target/classpath.txt) and the JVM options Flink needs on JDK 17
# (benchmarks/target/jvm-options).

build_benchmarks() {
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl benchmarks -am package \
    -DskipTests -Dspotless.check.skip=true >&2
}

benchmark_jvm_options() {
  grep -v '^[[:space:]]*#' "$ROOT/benchmarks/target/jvm-options" || true
}

benchmark_classpath() {
  echo "$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
}

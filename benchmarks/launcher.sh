# Sourced by the benchmark scripts (ROOT set to the repository): builds the benchmarks module and
# what it depends on in this checkout (a reactor `package`, nothing installed into ~/.m2); the build
# writes the class path (benchmarks/target/classpath.txt) and the JVM options Flink needs on JDK 17
# (benchmarks/target/jvm-options).

build_benchmarks() {
  "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl benchmarks -am package \
    -DskipTests -Dspotless.check.skip=true >&2
}

# The options of a jvm-options file: its lines but comments (#); a line "#as-root: OPTIONS" gives
# OPTIONS when running as root, and is a comment otherwise.
jvm_options_of() {
  if [[ "$(id -u)" == 0 ]]; then
    sed -e 's/^#as-root://' -e '/^[[:space:]]*#/d' "$1"
  else
    sed -e '/^[[:space:]]*#/d' "$1"
  fi
}

# The runtime JVM's options, as ./ferry gives them: Flink's --add-opens list and, as root, the JIT
# compiler's priority.
benchmark_jvm_options() {
  jvm_options_of "$ROOT/benchmarks/target/jvm-options"
}

benchmark_classpath() {
  echo "$ROOT/benchmarks/target/classes:$(cat "$ROOT/benchmarks/target/classpath.txt")"
}

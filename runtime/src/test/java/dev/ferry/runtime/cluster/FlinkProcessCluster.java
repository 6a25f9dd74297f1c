package dev.ferry.runtime.cluster;

import dev.ferry.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster of separate processes on 127.0.0.1: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each a JVM
 * with its own configuration folder, started on the {@code lib/} folder that {@code
 * tools/flink-cluster-lib} assembles. RocksDB, checkpoints every 500 ms to a local folder, and
 * heartbeats that notice a killed TaskManager within seconds. {@link #close()} (and a shutdown
 * hook, should the test JVM end first) kills every process it started.
 */
public final class FlinkProcessCluster implements AutoCloseable {
    /** Slots of each TaskManager. */
    public static final int SLOTS = 2;

    private final Path root;
    private final Path lib;
    private final List<String> addOpens;
    private final Map<String, String> common = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> taskManagerProcesses = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "flink-cluster-shutdown");
    private final int restPort;
    private int taskManagers;

    private FlinkProcessCluster(Path root, Path lib, List<String> addOpens) throws IOException {
        this.root = root;
        this.lib = lib;
        this.addOpens = addOpens;
        this.restPort = FreePort.onLoopback();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        common.put("jobmanager.rpc.address", "127.0.0.1");
        common.put("jobmanager.rpc.port", String.valueOf(FreePort.onLoopback()));
        common.put("jobmanager.bind-host", "127.0.0.1");
        common.put("rest.address", "127.0.0.1");
        common.put("rest.bind-address", "127.0.0.1");
        common.put("rest.port", String.valueOf(restPort));
        common.put("blob.server.port", "0");
        common.putAll(jobSettings(root));
        // A busy machine starts Pekko slowly; its default 10 s bound fails a TaskManager's start.
        common.put("pekko.startup-timeout", "60 s");
        common.put("heartbeat.interval", "1000");
        common.put("heartbeat.timeout", "5000");
        // The REST API serves a job's status from a cache this old (3 s by default): the test's
        // waits for "every task running" would otherwise see the job seconds late.
        common.put("web.refresh-interval", "500");
    }

    /**
     * Starts the JobManager and {@code taskManagers} TaskManagers; {@link FlinkRest#taskManagers()}
     * tells when they have registered.
     */
    /**
     * The cluster's settings for the jobs it runs (state backend, checkpoints, savepoints,
     * restarts), with checkpoints and savepoints under {@code root}: what docs/running.md shows a
     * user as the settings to give a cluster ({@code ClusterSettingsDocTest}).
     */
    static Map<String, String> jobSettings(Path root) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("state.backend.type", "rocksdb");
        settings.put("execution.checkpointing.incremental", "true");
        settings.put("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
        settings.put("execution.checkpointing.dir", root.resolve("checkpoints").toUri().toString());
        settings.put(
                "execution.checkpointing.savepoint-dir",
                root.resolve("savepoints").toUri().toString());
        settings.put("execution.checkpointing.interval", "500ms");
        settings.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        settings.put("restart-strategy.type", "fixed-delay");
        settings.put("restart-strategy.fixed-delay.attempts", String.valueOf(Integer.MAX_VALUE));
        settings.put("restart-strategy.fixed-delay.delay", "500ms");
        return settings;
    }

    public static FlinkProcessCluster start(Path root, Path lib, String addOpens, int taskManagers)
            throws IOException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(
                    "No Flink lib/ folder at "
                            + lib
                            + ": build tools/flink-cluster-lib first (./mvnw -pl runtime -am verify)");
        }
        List<String> opens = List.of(addOpens.trim().split("\\s+"));
        FlinkProcessCluster cluster = new FlinkProcessCluster(root, lib, opens);
        try {
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path savepoints() {
        return root.resolve("savepoints");
    }

    /** Starts one more TaskManager; returns its process (the test may kill it). */
    public Process startTaskManager() throws IOException {
        taskManagers++;
        String name = "taskmanager-" + taskManagers;
        Map<String, String> conf = new LinkedHashMap<>(common);
        conf.put("taskmanager.resource-id", name);
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.rpc.port", "0");
        conf.put("taskmanager.data.port", "0");
        conf.put("taskmanager.numberOfTaskSlots", String.valueOf(SLOTS));
        // TaskManagerRunner takes every memory component explicitly (Flink's scripts compute them);
        // the JVM limits below follow from them.
        conf.put("taskmanager.cpu.cores", String.valueOf(SLOTS));
        conf.put("taskmanager.memory.framework.heap.size", "128m");
        conf.put("taskmanager.memory.task.heap.size", "256m");
        conf.put("taskmanager.memory.framework.off-heap.size", "128m");
        conf.put("taskmanager.memory.task.off-heap.size", "0m");
        conf.put("taskmanager.memory.network.min", "64m");
        conf.put("taskmanager.memory.network.max", "64m");
        conf.put("taskmanager.memory.managed.size", "192m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "256m");
        conf.put("taskmanager.memory.jvm-overhead.min", "128m");
        conf.put("taskmanager.memory.jvm-overhead.max", "128m");
        Process process =
                launch(
                        name,
                        conf,
                        List.of("-Xms384m", "-Xmx384m", "-XX:MaxDirectMemorySize=192m"),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        taskManagerProcesses.add(process);
        return process;
    }

    /** The TaskManager started {@code index}-th (from 0). */
    public Process taskManager(int index) {
        return taskManagerProcesses.get(index);
    }

    private void startJobManager() throws IOException {
        Map<String, String> conf = new LinkedHashMap<>(common);
        conf.put("web.upload.dir", root.resolve("uploads").toString());
        launch(
                "jobmanager",
                conf,
                List.of("-Xms256m", "-Xmx512m"),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    }

    private Process launch(String name, Map<String, String> conf, List<String> memory, String main)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        conf.put("io.tmp.dirs", tmp.toString());
        StringBuilder yaml = new StringBuilder();
        conf.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml);
        Files.writeString(
                confDir.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = file",
                        "appender.file.type = File",
                        "appender.file.name = file",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        ""));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(memory);
        command.add("-XX:MaxMetaspaceSize=256m");
        command.add("-XX:+UseSerialGC");
        command.addAll(addOpens);
        command.add("-Dlog.file=" + dir.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(lib.toAbsolutePath() + "/*");
        command.add(main);
        command.add("--configDir");
        command.add(confDir.toString());
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".out").toFile())
                        .start();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** Where a process writes its log, for the message of a failing test. */
    public Path log(String name) {
        return root.resolve(name).resolve(name + ".log");
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) already.
        }
    }

    private void killAll() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

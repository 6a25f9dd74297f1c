package dev.ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.runtime.core.translation.ModulePlanner;
import dev.ferry.runtime.embedded.FlinkSettings;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/kubernetes}: the {@code FlinkDeployment} matches the operator's CRD schema and
 * runs what this build produces (the application jar the image holds, an entry class that exists,
 * the module mounted from the ConfigMap), and the ConfigMap's module passes the module loader and
 * planner as {@code ferry validate} and the job would. No Kubernetes runs here.
 */
class KubernetesExampleTest {
    private static final Path EXAMPLE =
            Path.of(System.getProperty("ferry.project.root"), "examples", "kubernetes");
    private static final String VERSION = System.getProperty("ferry.version");

    private static FlinkDeploymentSchema schema;
    private static JsonObject deployment;
    private static JsonObject configMap;

    @BeforeAll
    static void read() throws IOException {
        schema = FlinkDeploymentSchema.of("v1beta1");
        deployment = YamlDocuments.single(EXAMPLE.resolve("flink-deployment.yaml"));
        configMap = YamlDocuments.single(EXAMPLE.resolve("module-configmap.yaml"));
    }

    @Test
    void theDeploymentMatchesTheCrdSchema() {
        OutputUnit result = schema.validate(deployment);

        assertThat(result.getValid()).as("%s", result).isTrue();
        assertThat(deployment.getString("kind")).isEqualTo("FlinkDeployment");
    }

    @Test
    void theSchemaRefusesAFieldItDoesNotKnowAndAFlinkVersionOutsideItsList() {
        JsonObject misspelt = deployment.copy();
        misspelt.getJsonObject("spec").getJsonObject("job").put("upgradeMod", "savepoint");
        JsonObject unknownVersion = deployment.copy();
        unknownVersion.getJsonObject("spec").put("flinkVersion", "v1_99");

        assertThat(schema.validate(misspelt).getValid()).isFalse();
        assertThat(schema.validate(unknownVersion).getValid()).isFalse();
    }

    @Test
    void runsTheApplicationJarInApplicationModeWithSavepointUpgradesAndKubernetesHa()
            throws Exception {
        JsonObject spec = deployment.getJsonObject("spec");
        JsonObject job = spec.getJsonObject("job");
        JsonObject conf = spec.getJsonObject("flinkConfiguration");
        String[] flinkVersion = System.getProperty("ferry.flink.version").split("\\.");

        assertThat(spec.getString("flinkVersion"))
                .isEqualTo("v" + flinkVersion[0] + "_" + flinkVersion[1]);
        assertThat(job.getString("jarURI"))
                .isEqualTo("local:///opt/flink/usrlib/" + DockerfileTest.applicationJar());
        assertThat(spec.getString("image")).endsWith(":" + VERSION);
        assertThat(job.getString("upgradeMode")).isEqualTo("savepoint");
        assertThat(conf.getString("high-availability.type")).isEqualTo("kubernetes");
        assertThat(conf.getString("execution.checkpointing.dir")).startsWith("s3://");
        assertThat(conf.getString("execution.checkpointing.savepoint-dir")).startsWith("s3://");
        assertThat(conf.getString("high-availability.storageDir")).startsWith("s3://");
        assertThat(conf.getString("state.backend.type")).isEqualTo("rocksdb");
        assertThat(conf.getString("execution.checkpointing.unaligned.enabled")).isEqualTo("false");
        assertThat(conf.getString("execution.checkpointing.num-retained"))
                .isEqualTo(String.valueOf(FlinkSettings.DEFAULT_RETAINED_CHECKPOINTS));

        Method main = Class.forName(job.getString("entryClass")).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).as("static main").isTrue();
    }

    @Test
    void readsTheModuleFromTheConfigMapMount() {
        String moduleFile =
                deployment
                        .getJsonObject("spec")
                        .getJsonObject("job")
                        .getJsonArray("args")
                        .getString(0);
        JsonObject pod =
                deployment.getJsonObject("spec").getJsonObject("podTemplate").getJsonObject("spec");
        JsonObject mount =
                pod.getJsonArray("containers")
                        .getJsonObject(0)
                        .getJsonArray("volumeMounts")
                        .getJsonObject(0);
        JsonObject volume = find(pod.getJsonArray("volumes"), mount.getString("name"));

        assertThat(pod.getJsonArray("containers").getJsonObject(0).getString("name"))
                .as("the operator merges the pod template into this container")
                .isEqualTo("flink-main-container");
        assertThat(volume.getJsonObject("configMap").getString("name"))
                .isEqualTo(configMap.getJsonObject("metadata").getString("name"));
        assertThat(moduleFile).startsWith(mount.getString("mountPath") + "/");
        String key = moduleFile.substring(mount.getString("mountPath").length() + 1);
        assertThat(configMap.getJsonObject("data").fieldNames()).contains(key);
    }

    @Test
    void theConfigMapsModulePassesTheLoaderAndThePlanner(@TempDir Path folder) throws IOException {
        Path module = folder.resolve("module.yaml");
        Files.writeString(module, configMap.getJsonObject("data").getString("module.yaml"));

        Module loaded = ModuleLoader.load(module, name -> null);

        assertThat(loaded.summary()).startsWith("4 endpoints, 2 ingresses, 1 egress");
        assertThat(loaded.endpoints())
                .extracting(endpoint -> endpoint.kind())
                .containsExactly(
                        "ferry.endpoints.v1/knative",
                        "ferry.endpoints.v1/lambda",
                        "ferry.endpoints.v1/lambda",
                        "ferry.endpoints.v1/cloudfunctions");
        assertThat(ModulePlanner.plan(loaded)).isNotNull();
    }

    private static JsonObject find(JsonArray named, String name) {
        for (int i = 0; i < named.size(); i++) {
            if (name.equals(named.getJsonObject(i).getString("name"))) {
                return named.getJsonObject(i);
            }
        }
        throw new AssertionError("no entry named " + name + " in " + named);
    }
}

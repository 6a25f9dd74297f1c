# The Ferry runtime image for a Flink cluster (application mode, e.g. the Flink Kubernetes
# Operator's FlinkDeployment in examples/kubernetes): the official Flink image, Ferry's application
# jar in usrlib/, and Flink's S3 filesystem plugin enabled for checkpoints and savepoints.
#
#   ./mvnw -B package -DskipTests          # builds runtime/target/ferry-runtime-VERSION-flink.jar
#   docker build -t ferry-runtime:0.1.0-SNAPSHOT .
#
# The build checks this file (DockerfileTest: base image at Ferry's Flink minor version, the jar
# name the build produces); no image is built in the build, which runs without a container engine.
FROM flink:1.20-java17

ARG FERRY_VERSION=0.1.0-SNAPSHOT

# The image ships the S3 plugin in opt/; Flink loads plugins from plugins/<name>/.
RUN mkdir -p /opt/flink/plugins/s3-fs-hadoop \
    && cp /opt/flink/opt/flink-s3-fs-hadoop-*.jar /opt/flink/plugins/s3-fs-hadoop/

COPY --chown=flink:flink runtime/target/ferry-runtime-${FERRY_VERSION}-flink.jar /opt/flink/usrlib/ferry-runtime-${FERRY_VERSION}-flink.jar

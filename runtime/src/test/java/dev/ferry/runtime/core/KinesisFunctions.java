package dev.ferry.runtime.core;

import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.io.KinesisEgressMessage;

/**
 * Functions of the Kinesis tests, written with the official SDK: {@code test/count-<s>} counts the
 * messages of its id and writes {@code "<id> <count>"} to Kinesis stream {@code out-<s>} through
 * egress {@code test/kinesis-out}, partition key the id, explicit hash key 0 (the first shard).
 */
final class KinesisFunctions {
    static final TypeName EGRESS = TypeName.typeNameOf("test", "kinesis-out");
    private static final ValueSpec<Integer> COUNT = ValueSpec.named("count").withIntType();

    private KinesisFunctions() {}

    static StatefulFunctions all(String... suffixes) {
        StatefulFunctions functions = new StatefulFunctions();
        for (String suffix : suffixes) {
            functions.withStatefulFunction(
                    StatefulFunctionSpec.builder(TypeName.typeNameOf("test", "count-" + suffix))
                            .withValueSpec(COUNT)
                            .withSupplier(
                                    () ->
                                            (context, message) -> {
                                                int count =
                                                        context.storage().get(COUNT).orElse(0) + 1;
                                                context.storage().set(COUNT, count);
                                                String id = context.self().id();
                                                context.send(
                                                        KinesisEgressMessage.forEgress(EGRESS)
                                                                .withStream("out-" + suffix)
                                                                .withUtf8PartitionKey(id)
                                                                .withUtf8ExplicitHashKey("0")
                                                                .withUtf8Value(id + " " + count)
                                                                .build());
                                                return context.done();
                                            }));
        }
        return functions;
    }
}

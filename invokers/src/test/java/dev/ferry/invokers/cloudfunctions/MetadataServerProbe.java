package dev.ferry.invokers.cloudfunctions;

import dev.ferry.invokers.http.HttpEndpointConfig;
import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.wire.ToFunction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM whose environment points application default credentials at a local metadata
 * server ({@code GCE_METADATA_HOST}): invokes {@code test/counter} at each URL template given and
 * prints one line per invocation, {@code OK} or {@code FAILED <message>}.
 */
public final class MetadataServerProbe {
    private MetadataServerProbe() {}

    public static void main(String[] urlTemplates) throws Exception {
        for (String template : urlTemplates) {
            try (CloudFunctionsInvoker invoker =
                    CloudFunctionsInvoker.create(
                            CloudFunctionsEndpointConfig.of(
                                    HttpEndpointConfig.of(template),
                                    CloudFunctionsEndpointConfig.Credentials
                                            .applicationDefault()))) {
                ToFunction request =
                        ToFunction.newBuilder()
                                .setInvocation(
                                        ToFunction.InvocationBatchRequest.newBuilder()
                                                .setTarget(
                                                        FunctionAddress.of("test", "counter", "m")
                                                                .toProto())
                                                .addInvocations(
                                                        ToFunction.Invocation.newBuilder()
                                                                .setArgument(
                                                                        PrimitiveCodecs.intValue(
                                                                                1))))
                                .build();
                invoker.invoke(request).get(30, TimeUnit.SECONDS);
                System.out.println("OK");
            } catch (ExecutionException e) {
                System.out.println("FAILED " + e.getCause().getMessage().replace('\n', ' '));
            }
        }
        System.exit(0);
    }
}

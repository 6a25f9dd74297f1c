package dev.ferry.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.PrimitiveCodecs;
import dev.ferry.protocol.RemoteHandler;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.sdk.StatefulFunctionsHandler;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.protocol.wire.ToFunction;
import dev.ferry.runtime.module.Module;
import dev.ferry.runtime.module.ModuleLoader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GreeterTest {
    private final RemoteHandler greeter = StatefulFunctionsHandler.of(new GreeterFunctions().get());

    @Test
    void greetsAndCountsVisits() throws Exception {
        FromFunction.InvocationResponse reply = call(2).getInvocationResult();

        assertThat(reply.getStateMutations(0).getStateName()).isEqualTo("seen");
        assertThat(
                        PrimitiveCodecs.decodeInt(
                                reply.getStateMutations(0)
                                        .getStateValue()
                                        .getValue()
                                        .toByteArray()))
                .isEqualTo(3);
        var egress = reply.getOutgoingEgresses(0);
        assertThat(egress.getEgressNamespace() + "/" + egress.getEgressType())
                .isEqualTo("greeter/greetings");
        assertThat(PrimitiveCodecs.decodeString(egress.getArgument().getValue().toByteArray()))
                .isEqualTo("Hello again ada, visit number 3.");
    }

    @Test
    void theModuleFileIsValidAndMatchesTheFunctions() {
        Module module = ModuleLoader.load(Path.of("module.yaml"));
        assertThat(module.endpoints().get(0).functions().toString()).contains("greeter");
        assertThat(module.egresses().get(0).id().asString())
                .isEqualTo(GreeterFunctions.GREETINGS.asTypeNameString());
    }

    private FromFunction call(int seenBefore) throws Exception {
        ToFunction request =
                ToFunction.newBuilder()
                        .setInvocation(
                                ToFunction.InvocationBatchRequest.newBuilder()
                                        .setTarget(
                                                new FunctionAddress(
                                                                TypeName.parse("greeter/greet"),
                                                                "ada")
                                                        .toProto())
                                        .addState(
                                                ToFunction.PersistedValue.newBuilder()
                                                        .setStateName("seen")
                                                        .setStateValue(
                                                                PrimitiveCodecs.intValue(
                                                                        seenBefore)))
                                        .addInvocations(
                                                ToFunction.Invocation.newBuilder()
                                                        .setArgument(
                                                                PrimitiveCodecs.stringValue(
                                                                        "message-0"))))
                        .build();
        return FromFunction.parseFrom(
                greeter.handle(request.toByteArray()).get(10, TimeUnit.SECONDS));
    }
}

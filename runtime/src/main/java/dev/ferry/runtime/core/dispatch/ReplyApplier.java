package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.FunctionAddress;
import dev.ferry.protocol.TypeName;
import dev.ferry.protocol.wire.Address;
import dev.ferry.protocol.wire.FromFunction;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.Envelope;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Applies the invocation result of a reply under its address's key, in the protocol's order:
 * outgoing messages, delayed messages and cancellations, egress records, then state changes.
 *
 * <p>A reply is checked whole before anything of it is applied ({@link #problemWith}): a reply that
 * breaks the module's declarations is refused whole, so a dead-lettered batch never leaves half of
 * its effects behind.
 */
final class ReplyApplier {
    private final Set<TypeName> egressIds;
    private final Invokers invokers;
    private final FunctionStates states;
    private final DelayedMessages delayed;
    private final MessageRouter router;
    private final LongSupplier now;

    ReplyApplier(
            Set<TypeName> egressIds,
            Invokers invokers,
            FunctionStates states,
            DelayedMessages delayed,
            MessageRouter router,
            LongSupplier now) {
        this.egressIds = egressIds;
        this.invokers = invokers;
        this.states = states;
        this.delayed = delayed;
        this.router = router;
        this.now = now;
    }

    /**
     * Why {@code response} cannot be applied, as said of the function ("sent a message to ..."), or
     * null when it can.
     */
    String problemWith(FunctionAddress self, FromFunction.InvocationResponse response) {
        for (FromFunction.Invocation message : response.getOutgoingMessagesList()) {
            String problem = unserved(message.getTarget());
            if (problem != null) {
                return problem;
            }
        }
        for (FromFunction.DelayedInvocation message : response.getDelayedInvocationsList()) {
            if (!message.getIsCancellationRequest()) {
                String problem = unserved(message.getTarget());
                if (problem != null) {
                    return "delayed: " + problem;
                }
            }
        }
        for (FromFunction.EgressMessage egress : response.getOutgoingEgressesList()) {
            TypeName id = new TypeName(egress.getEgressNamespace(), egress.getEgressType());
            if (!egressIds.contains(id)) {
                return "sent a record to egress "
                        + id
                        + ", which the module does not declare (it declares "
                        + egressIds
                        + ")";
            }
        }
        return states.problemWithChanges(self, response.getStateMutationsList());
    }

    /** Applies a checked reply; the current key is {@code self}'s. */
    void apply(FunctionAddress self, FromFunction.InvocationResponse response) throws Exception {
        for (FromFunction.Invocation message : response.getOutgoingMessagesList()) {
            router.route(
                    new Envelope(
                            FunctionAddress.fromProto(message.getTarget()),
                            self,
                            message.getArgument().getTypename(),
                            message.getArgument().getValue().toByteArray()));
        }
        for (FromFunction.DelayedInvocation message : response.getDelayedInvocationsList()) {
            if (message.getIsCancellationRequest()) {
                delayed.cancel(message.getCancellationToken());
            } else {
                delayed.schedule(
                        now.getAsLong() + Math.max(0, message.getDelayInMs()),
                        message.getCancellationToken(),
                        new Envelope(
                                FunctionAddress.fromProto(message.getTarget()),
                                self,
                                message.getArgument().getTypename(),
                                message.getArgument().getValue().toByteArray()));
            }
        }
        for (FromFunction.EgressMessage egress : response.getOutgoingEgressesList()) {
            router.emitEgress(
                    new EgressRecord(
                            new TypeName(egress.getEgressNamespace(), egress.getEgressType()),
                            egress.getArgument().getTypename(),
                            egress.getArgument().getValue().toByteArray()));
        }
        states.apply(self, response.getStateMutationsList());
    }

    private String unserved(Address target) {
        TypeName type = new TypeName(target.getNamespace(), target.getType());
        if (invokers.bindingFor(type).isPresent()) {
            return null;
        }
        return "sent a message to "
                + FunctionAddress.fromProto(target)
                + ", a function type no endpoint of the module serves";
    }
}

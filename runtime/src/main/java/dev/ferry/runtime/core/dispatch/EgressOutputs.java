package dev.ferry.runtime.core.dispatch;

import dev.ferry.protocol.TypeName;
import dev.ferry.runtime.core.message.EgressRecord;
import dev.ferry.runtime.core.message.SingletonTypeInfo;
import org.apache.flink.util.OutputTag;

/** The side output of the dispatcher that feeds one egress. */
public final class EgressOutputs {
    private EgressOutputs() {}

    public static OutputTag<EgressRecord> tag(TypeName egressId) {
        return new OutputTag<>(
                "egress-" + egressId.namespace() + "-" + egressId.name(),
                SingletonTypeInfo.EGRESS_RECORD);
    }
}

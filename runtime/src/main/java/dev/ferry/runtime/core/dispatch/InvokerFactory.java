package dev.ferry.runtime.core.dispatch;

import dev.ferry.invokers.Invoker;
import java.io.Serializable;

/** Creates the invoker of one endpoint inside a task (once per endpoint, when the task opens). */
@FunctionalInterface
public interface InvokerFactory extends Serializable {
    Invoker create();
}

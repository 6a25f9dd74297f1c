package dev.ferry.runtime.core.shoppingcart;

import dev.ferry.runtime.core.shoppingcart.CartMessages.ItemAvailability;
import dev.ferry.runtime.core.shoppingcart.CartMessages.RequestItem;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;

/**
 * {@code com.example/stock}, one instance per item: restocks add to the quantity; a request takes
 * from it if there is enough and answers the caller whether it could.
 */
final class StockFn implements StatefulFunction {
    static final TypeName TYPE = TypeName.typeNameFromString("com.example/stock");
    static final ValueSpec<Integer> STOCK = ValueSpec.named("stock").withIntType();

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        int stock = context.storage().get(STOCK).orElse(0);
        if (message.is(CartMessages.RESTOCK_ITEM)) {
            context.storage().set(STOCK, stock + message.as(CartMessages.RESTOCK_ITEM).quantity());
        } else if (message.is(CartMessages.REQUEST_ITEM)) {
            RequestItem request = message.as(CartMessages.REQUEST_ITEM);
            ItemAvailability.Status status = ItemAvailability.Status.OUTOFSTOCK;
            if (stock >= request.quantity()) {
                context.storage().set(STOCK, stock - request.quantity());
                status = ItemAvailability.Status.INSTOCK;
            }
            Address caller =
                    context.caller()
                            .orElseThrow(
                                    () -> new IllegalStateException("a request needs a caller"));
            context.send(
                    MessageBuilder.forAddress(caller)
                            .withCustomType(
                                    CartMessages.ITEM_AVAILABILITY,
                                    new ItemAvailability(status, request.quantity()))
                            .build());
        }
        return context.done();
    }
}

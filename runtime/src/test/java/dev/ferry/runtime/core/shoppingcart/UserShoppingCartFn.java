package dev.ferry.runtime.core.shoppingcart;

import dev.ferry.runtime.core.shoppingcart.CartMessages.ItemAvailability;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessageBuilder;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * {@code com.example/user-shopping-cart}, one instance per user: asks the stock for each item
 * added, keeps what the stock granted in its basket, sends a receipt to the playground egress's
 * {@code receipts} topic on checkout and gives everything back to the stock when cleared.
 */
final class UserShoppingCartFn implements StatefulFunction {
    static final TypeName TYPE = TypeName.typeNameFromString("com.example/user-shopping-cart");
    static final TypeName PLAYGROUND_EGRESS =
            TypeName.typeNameFromString("io.statefun.playground/egress");

    /** Item id to quantity. */
    record Basket(Map<String, Integer> basket) {}

    static final Type<Basket> BASKET_TYPE = CartMessages.json("com.example/Basket", Basket.class);
    static final ValueSpec<Basket> BASKET = ValueSpec.named("basket").withCustomType(BASKET_TYPE);

    @Override
    public CompletableFuture<Void> apply(Context context, Message message) {
        Map<String, Integer> items =
                new TreeMap<>(context.storage().get(BASKET).map(Basket::basket).orElse(Map.of()));
        if (message.is(CartMessages.ADD_TO_CART)) {
            CartMessages.AddToCart add = message.as(CartMessages.ADD_TO_CART);
            context.send(
                    MessageBuilder.forAddress(StockFn.TYPE, add.itemId())
                            .withCustomType(
                                    CartMessages.REQUEST_ITEM,
                                    new CartMessages.RequestItem(add.quantity()))
                            .build());
        } else if (message.is(CartMessages.ITEM_AVAILABILITY)) {
            ItemAvailability availability = message.as(CartMessages.ITEM_AVAILABILITY);
            if (availability.status() == ItemAvailability.Status.INSTOCK) {
                String item = context.caller().orElseThrow().id();
                items.merge(item, availability.quantity(), Integer::sum);
                context.storage().set(BASKET, new Basket(items));
            }
        } else if (message.is(CartMessages.CLEAR_CART)) {
            items.forEach(
                    (item, quantity) ->
                            context.send(
                                    MessageBuilder.forAddress(StockFn.TYPE, item)
                                            .withCustomType(
                                                    CartMessages.RESTOCK_ITEM,
                                                    new CartMessages.RestockItem(item, quantity))
                                            .build()));
            context.storage().remove(BASKET);
        } else if (message.is(CartMessages.CHECKOUT) && !items.isEmpty()) {
            String details =
                    items.entrySet().stream()
                            .map(entry -> entry.getKey() + ": " + entry.getValue())
                            .collect(Collectors.joining("\n"));
            CartMessages.Receipt receipt = new CartMessages.Receipt(context.self().id(), details);
            context.send(
                    EgressMessageBuilder.forEgress(PLAYGROUND_EGRESS)
                            .withCustomType(
                                    CartMessages.EGRESS_RECORD,
                                    new CartMessages.EgressRecord("receipts", receipt.toString()))
                            .build());
        }
        return context.done();
    }
}

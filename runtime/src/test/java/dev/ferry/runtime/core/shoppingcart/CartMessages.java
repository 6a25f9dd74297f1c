package dev.ferry.runtime.core.shoppingcart;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * The JSON messages of StateFun playground's shopping cart (Java SDK 3.3.0, Jackson), with the same
 * type names and fields, so the playground's curl commands drive these functions unchanged.
 */
public final class CartMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CartMessages() {}

    /** ingress → user-shopping-cart. */
    public record AddToCart(String userId, String itemId, int quantity) {}

    /** ingress → user-shopping-cart. */
    public record Checkout(String userId) {}

    /** ingress → user-shopping-cart. */
    public record ClearCart(String userId) {}

    /** ingress → stock, and user-shopping-cart → stock when a cart is cleared. */
    public record RestockItem(String itemId, int quantity) {}

    /** user-shopping-cart → stock. */
    public record RequestItem(int quantity) {}

    /** stock → user-shopping-cart, with the item as the caller's id. */
    public record ItemAvailability(Status status, int quantity) {
        public enum Status {
            INSTOCK,
            OUTOFSTOCK
        }
    }

    /** What a checkout sends to the egress, as the playground prints it. */
    public record Receipt(String userId, String details) {
        @Override
        public String toString() {
            return "Receipt{userId='" + userId + "', details='" + details + "'}";
        }
    }

    /** The playground egress's record: a topic and a text payload. */
    public record EgressRecord(String topic, String payload) {}

    public static final Type<AddToCart> ADD_TO_CART =
            json("com.example/AddToCart", AddToCart.class);
    public static final Type<Checkout> CHECKOUT = json("com.example/Checkout", Checkout.class);
    public static final Type<ClearCart> CLEAR_CART = json("com.example/ClearCart", ClearCart.class);
    public static final Type<RestockItem> RESTOCK_ITEM =
            json("com.example/RestockItem", RestockItem.class);
    public static final Type<RequestItem> REQUEST_ITEM =
            json("com.example/RequestItem", RequestItem.class);
    public static final Type<ItemAvailability> ITEM_AVAILABILITY =
            json("com.example/ItemAvailability", ItemAvailability.class);
    public static final Type<EgressRecord> EGRESS_RECORD =
            json("io.statefun.playground/EgressRecord", EgressRecord.class);

    static <T> Type<T> json(String typeName, Class<T> javaType) {
        return SimpleType.simpleImmutableTypeFrom(
                TypeName.typeNameFromString(typeName),
                JSON::writeValueAsBytes,
                bytes -> JSON.readValue(bytes, javaType));
    }
}

package dev.ferry.runtime.core.shoppingcart;

import org.apache.flink.statefun.sdk.java.StatefulFunctionSpec;
import org.apache.flink.statefun.sdk.java.StatefulFunctions;

/** The two functions of the playground's shopping cart, ready to serve. */
public final class ShoppingCartFunctions {
    private ShoppingCartFunctions() {}

    public static StatefulFunctions all() {
        return new StatefulFunctions()
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(StockFn.TYPE)
                                .withValueSpec(StockFn.STOCK)
                                .withSupplier(StockFn::new)
                                .build())
                .withStatefulFunction(
                        StatefulFunctionSpec.builder(UserShoppingCartFn.TYPE)
                                .withValueSpec(UserShoppingCartFn.BASKET)
                                .withSupplier(UserShoppingCartFn::new)
                                .build());
    }
}

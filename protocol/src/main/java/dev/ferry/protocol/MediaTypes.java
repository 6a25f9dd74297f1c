package dev.ferry.protocol;

/** The media types of the StateFun remote protocol, for every module that sends or checks them. */
public final class MediaTypes {
    /**
     * The content type of a serialized {@code ToFunction} request and {@code FromFunction} reply,
     * as StateFun's HTTP transport and SDKs send it.
     */
    public static final String OCTET_STREAM = "application/octet-stream";

    /**
     * Ferry's extension: the content type of an {@code AddressBatchRequest} (the requests of many
     * addresses in one) and of its {@code AddressBatchReply}. Sent only to endpoints that declare
     * {@code addressBatching}, so a plain StateFun endpoint never receives it.
     */
    public static final String ADDRESS_BATCH = "application/vnd.ferry.address-batch+protobuf";

    private MediaTypes() {}
}

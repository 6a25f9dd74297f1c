package dev.ferry.protocol;

/** The media types of the StateFun remote protocol, for every module that sends or checks them. */
public final class MediaTypes {
    /**
     * The content type of a serialized {@code ToFunction} request and {@code FromFunction} reply,
     * as StateFun's HTTP transport and SDKs send it.
     */
    public static final String OCTET_STREAM = "application/octet-stream";

    private MediaTypes() {}
}

package dev.ferry.runtime.core.io;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.Map;

/**
 * The message types of a protobuf descriptor set, by full name ({@code com.example.Receipt}),
 * nested ones included. The set must hold every file's imports ({@code protoc --include_imports}).
 */
public final class ProtobufMessageTypes {
    private final Map<String, Descriptor> byFullName = new HashMap<>();

    private ProtobufMessageTypes() {}

    /**
     * @throws IllegalArgumentException when the bytes are not a descriptor set or an import is
     *     missing
     */
    public static ProtobufMessageTypes parse(byte[] descriptorSet) {
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(descriptorSet);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a protobuf FileDescriptorSet: " + e, e);
        }
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            protos.put(file.getName(), file);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        ProtobufMessageTypes types = new ProtobufMessageTypes();
        for (FileDescriptorProto file : set.getFileList()) {
            for (Descriptor message : build(file, protos, built).getMessageTypes()) {
                types.add(message);
            }
        }
        return types;
    }

    /** The message type of that full name, or null. */
    public Descriptor find(String fullName) {
        return byFullName.get(fullName);
    }

    private void add(Descriptor message) {
        byFullName.put(message.getFullName(), message);
        message.getNestedTypes().forEach(this::add);
    }

    private static FileDescriptor build(
            FileDescriptorProto file,
            Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built) {
        FileDescriptor done = built.get(file.getName());
        if (done != null) {
            return done;
        }
        FileDescriptor[] dependencies = new FileDescriptor[file.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            String name = file.getDependency(i);
            FileDescriptorProto dependency = protos.get(name);
            if (dependency == null) {
                throw new IllegalArgumentException(
                        file.getName()
                                + " imports "
                                + name
                                + ", which the descriptor set does not hold; write it with"
                                + " protoc --include_imports");
            }
            dependencies[i] = build(dependency, protos, built);
        }
        try {
            FileDescriptor descriptor = FileDescriptor.buildFrom(file, dependencies);
            built.put(file.getName(), descriptor);
            return descriptor;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException(
                    "invalid descriptor of " + file.getName() + ": " + e.getMessage(), e);
        }
    }
}

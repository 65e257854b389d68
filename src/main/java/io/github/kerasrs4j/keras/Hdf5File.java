package io.github.kerasrs4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Keras HDF5 file read with jhdf, in pure Java, so that a damaged file can only fail with an exception.
 * Paths are given as group names from the root ("model_weights", "dense", "kernel"). Every failure,
 * jhdf's own or a refusal here, is an IllegalArgumentException that says what was being read.
 *
 * <p>The file is memory-mapped and handed to jhdf as a buffer: jhdf then reads every structure as a
 * slice of that buffer, so a corrupt size field cannot make it allocate more than the file holds
 * (reading from a channel, it would allocate whatever size the field claims before reading).
 */
final class Hdf5File implements Closeable {

    private final HdfFile file;
    /** How messages name the file: "the HDF5 file", "model.weights.h5". */
    private final String name;

    private Hdf5File(HdfFile file, String name) {
        this.file = file;
        this.name = name;
    }

    /**
     * Opens {@code path}, which the caller has checked to carry the HDF5 signature.
     *
     * @param name how messages name the file
     * @throws IOException              when it cannot be mapped
     * @throws IllegalArgumentException when it is over 2 GB (the largest buffer jhdf takes) or jhdf
     *                                  cannot read its superblock and root group
     */
    static Hdf5File open(Path path, String name) throws IOException {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " is " + channel.size() + " bytes long, and the "
                        + "pure-Java HDF5 reader takes files of up to 2 GB (" + Integer.MAX_VALUE + " bytes)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        HdfFile file = reading("the superblock and root group of " + name,
                () -> checkLength(HdfFile.fromByteBuffer(mapped)));
        return new Hdf5File(file, name);
    }

    /** jhdf reads lazily and notices a truncated file only once it reads past the end; HDF5 itself checks first. */
    private static HdfFile checkLength(HdfFile file) {
        Superblock superblock = file.getHdfBackingStorage().getSuperblock();
        long length = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (Long.compareUnsigned(length, file.size()) > 0) {
            throw new IllegalArgumentException("its superblock says it is " + Long.toUnsignedString(length)
                    + " bytes long, but it has " + file.size());
        }
        return file;
    }

    /** The names of the groups directly in the group at {@code path}; links are left out. */
    List<String> groups(String... path) {
        return reading("the groups in " + where(path), () -> childNames(group(path), Group.class));
    }

    /** The names of the datasets directly in the group at {@code path}; links are left out. */
    List<String> datasets(String... path) {
        return reading("the datasets in " + where(path), () -> childNames(group(path), Dataset.class));
    }

    /**
     * The paths of every dataset under the group at {@code path}, in subgroups too. Each group is visited
     * once: a file whose groups link back to one another (never written by Keras) is refused.
     */
    List<String[]> datasetsUnder(String... path) {
        return reading("the datasets under " + where(path), () -> {
            List<String[]> found = new ArrayList<>();
            Set<Long> visited = new HashSet<>();
            Deque<String[]> pending = new ArrayDeque<>();
            pending.push(path);
            while (!pending.isEmpty()) {
                String[] groupPath = pending.pop();
                Group group = group(groupPath);
                if (!visited.add(group.getAddress())) {
                    throw new IllegalArgumentException("group " + String.join("/", groupPath) + " is reached twice: "
                            + "the file's groups link back to one another");
                }
                for (String dataset : childNames(group, Dataset.class)) {
                    found.add(append(groupPath, dataset));
                }
                for (String subgroup : childNames(group, Group.class)) {
                    pending.push(append(groupPath, subgroup));
                }
            }
            return found;
        });
    }

    /** The string attribute {@code attribute} of the group at {@code path}, or null when the group has none. */
    String stringAttribute(String attribute, String... path) {
        return reading("attribute " + attribute + " of " + where(path), () -> {
            Attribute found = group(path).getAttribute(attribute);
            if (found == null) {
                return null;
            }
            DataType type = found.getDataType();
            boolean string = type instanceof StringData
                    || type instanceof VariableLength variable && variable.isVariableLengthString();
            if (!string || !found.isScalar()) {
                throw new IllegalArgumentException("it is not a single string");
            }
            return (String) found.getData();
        });
    }

    /** The 1-D string-array attribute {@code attribute} of the group at {@code path}, or null when it has none. */
    List<String> stringsAttribute(String attribute, String... path) {
        return reading("attribute " + attribute + " of " + where(path), () -> {
            Attribute found = group(path).getAttribute(attribute);
            if (found == null) {
                return null;
            }
            if (!(found.getData() instanceof String[] strings)) {
                throw new IllegalArgumentException("it is not an array of strings");
            }
            return List.of(strings);
        });
    }

    /** The dataset at {@code path} as an array of its shape: FLOAT for float16 and float32, DOUBLE for float64. */
    INDArray floatArray(String... path) {
        return reading("weight " + where(path), () -> {
            if (!(node(path) instanceof Dataset dataset)) {
                throw new IllegalArgumentException("it is not a dataset");
            }
            return Hdf5FloatArrays.read(dataset, file.size());
        });
    }

    private Group group(String... path) {
        if (!(node(path) instanceof Group group)) {
            throw new IllegalArgumentException(String.join("/", path) + " is not a group");
        }
        return group;
    }

    /** The node at {@code path}; a link on the way is refused rather than followed (it may name another file). */
    private Node node(String... path) {
        Node node = file;
        for (String child : path) {
            node = node instanceof Group group ? group.getChild(child) : null;
            if (node == null) {
                throw new IllegalArgumentException("there is no " + String.join("/", path));
            }
            if (node.isLink()) {
                throw new IllegalArgumentException(String.join("/", path) + " goes through a link, which Keras "
                        + "does not write");
            }
        }
        return node;
    }

    /** The children of {@code group} of the given kind; links are neither groups nor datasets (nor followed). */
    private static List<String> childNames(Group group, Class<? extends Node> kind) {
        List<String> names = new ArrayList<>();
        for (Node child : group.getChildren().values()) {
            if (!child.isLink() && kind.isInstance(child)) {
                names.add(child.getName());
            }
        }
        return names;
    }

    /** A path as messages give it, with the file. */
    private String where(String... path) {
        return (path.length == 0 ? "the root group" : String.join("/", path)) + " of " + name;
    }

    private static String[] append(String[] path, String child) {
        String[] longer = Arrays.copyOf(path, path.length + 1);
        longer[path.length] = child;
        return longer;
    }

    /**
     * Runs a read, turning any failure into an IllegalArgumentException that says what was being read.
     * jhdf fails with runtime exceptions of all kinds on damaged content, and recurses without end on a
     * structure that points to itself (a B-tree node that is its own child): the StackOverflowError
     * unwinds that recursion alone, and nothing it built is kept.
     */
    private static <T> T reading(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("cannot read " + what + " (corrupt?): its structures refer to one "
                    + "another without end", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + what + " (truncated or corrupt?): "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
    }

    /** The mapping itself is released by the garbage collector, as Java's file mappings are. */
    @Override
    public void close() {
        file.close();
    }
}

package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every random draw of the simulated crowd, each from a generator seeded by what the draw is for: the crowd's seed
 * and names such as ("answer", worker 7, task key, "result"). No generator is shared or kept, so a draw does not
 * depend on how many draws came before it, on which thread or node makes it, or on the wall clock: the same seed,
 * inputs and requests give the same draws. Workers are named by their ordinal in the crowd and tasks by their
 * {@link #taskKey}, not by ids, which differ from run to run.
 */
final class Draws {
    private Draws() {
    }

    /** A generator for one purpose, named by {@code parts} (their text, in order) under {@code seed}. */
    static SplittableRandom of(long seed, Object... parts) {
        MessageDigest sha = sha256();
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        for (Object part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return new SplittableRandom(ByteBuffer.wrap(sha.digest()).getLong());
    }

    /**
     * What names a task in draws: a digest of its {@code input_values}, fields in name order, so a task keeps its
     * hidden answer however its inputs' fields were ordered, on whichever server and under whatever id it was
     * created. Two tasks with the same inputs share a key, and so their hidden answer: they are the same question.
     */
    static String taskKey(JsonNode inputValues) {
        StringBuilder canonical = new StringBuilder();
        write(inputValues, canonical);
        return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (Map.Entry<String, JsonNode> field : fields) {
                out.append(TextNode.valueOf(field.getKey())).append(':');
                write(field.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(item -> {
                write(item, out);
                out.append(',');
            });
            out.append(']');
        } else {
            out.append(node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

package dev.artel.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers to aggregate, held as numbers: answer {@code i} is worker {@code worker[i]}'s label
 * {@code label[i]} for task {@code task[i]}. Tasks are numbered in id order and labels in {@link Label} order, so
 * results come out in the order they are stored and listed, and ties break the same way on every run. Three ints
 * an answer plus one entry per distinct task, worker and label: 100,000 tasks of three answers take a few
 * megabytes, where the assignments' JSON trees would take hundreds.
 */
final class Answers {
    private final List<String> taskIds;
    private final List<String> workerIds;
    private final List<Label> labels;
    private final int[] task;
    private final int[] worker;
    private final int[] label;
    private final Map<String, Double> baselineWeights;

    private Answers(List<String> taskIds, List<String> workerIds, List<Label> labels, int[] task, int[] worker,
                    int[] label, Map<String, Double> baselineWeights) {
        this.baselineWeights = baselineWeights;
        this.taskIds = taskIds;
        this.workerIds = workerIds;
        this.labels = labels;
        this.task = task;
        this.worker = worker;
        this.label = label;
    }

    int size() {
        return task.length;
    }

    int tasks() {
        return taskIds.size();
    }

    int workers() {
        return workerIds.size();
    }

    int labels() {
        return labels.size();
    }

    int task(int answer) {
        return task[answer];
    }

    int worker(int answer) {
        return worker[answer];
    }

    int label(int answer) {
        return label[answer];
    }

    String taskId(int task) {
        return taskIds.get(task);
    }

    String workerId(int worker) {
        return workerIds.get(worker);
    }

    List<String> workerIds() {
        return workerIds;
    }

    Label labelAt(int label) {
        return labels.get(label);
    }

    /** The {@code confidence_weight} of worker number {@code worker} if it stands for a baseline solution, else null. */
    Double baselineWeight(int worker) {
        return baselineWeights.get(workerIds.get(worker));
    }

    /** Collects answers in any order; {@link #build} numbers them. */
    static final class Builder {
        private final Map<String, Integer> tasks = new HashMap<>();
        private final Map<String, Integer> workers = new HashMap<>();
        private final Map<Label, Integer> labels = new HashMap<>();
        private final List<String> taskIds = new ArrayList<>();
        private final List<String> workerIds = new ArrayList<>();
        private final List<Label> labelList = new ArrayList<>();
        private final Map<String, Double> baselineWeights = new HashMap<>();
        private int[] task = new int[1024];
        private int[] worker = new int[1024];
        private int[] label = new int[1024];
        private int size;

        Builder add(String taskId, String workerId, Label answer) {
            if (size == task.length) {
                task = Arrays.copyOf(task, size * 2);
                worker = Arrays.copyOf(worker, size * 2);
                label = Arrays.copyOf(label, size * 2);
            }
            task[size] = index(tasks, taskIds, taskId);
            worker[size] = index(workers, workerIds, workerId);
            label[size] = index(labels, labelList, answer);
            size++;
            return this;
        }

        /**
         * A task's baseline solution, which Toloka counts as a worker's answer of accuracy {@code weight} (its
         * {@code confidence_weight}), for aggregation by skill only. Added for a task that has answers already:
         * a baseline alone is no one's answer. The one who "gave" it is a worker of its own, named so that no
         * worker id (32 hex digits) can be the same.
         */
        Builder addBaseline(String taskId, int index, Label answer, double weight) {
            if (tasks.containsKey(taskId)) {
                String worker = "baseline " + index + " of " + taskId;
                baselineWeights.put(worker, weight);
                add(taskId, worker, answer);
            }
            return this;
        }

        private static <K> int index(Map<K, Integer> indexes, List<K> keys, K key) {
            return indexes.computeIfAbsent(key, k -> {
                keys.add(k);
                return keys.size() - 1;
            });
        }

        Answers build() {
            int[] taskOrder = renumbering(taskIds, String::compareTo);
            int[] labelOrder = renumbering(labelList, Label::compareTo);
            int[] t = new int[size];
            int[] l = new int[size];
            for (int i = 0; i < size; i++) {
                t[i] = taskOrder[task[i]];
                l[i] = labelOrder[label[i]];
            }
            return new Answers(sorted(taskIds, String::compareTo), List.copyOf(workerIds),
                    sorted(labelList, Label::compareTo), t, Arrays.copyOf(worker, size), l, Map.copyOf(baselineWeights));
        }

        /** For each key's current number, its number once the keys are sorted. */
        private static <K> int[] renumbering(List<K> keys, java.util.Comparator<K> order) {
            Integer[] byOrder = new Integer[keys.size()];
            for (int i = 0; i < byOrder.length; i++) {
                byOrder[i] = i;
            }
            Arrays.sort(byOrder, (a, b) -> order.compare(keys.get(a), keys.get(b)));
            int[] renumbered = new int[keys.size()];
            for (int rank = 0; rank < byOrder.length; rank++) {
                renumbered[byOrder[rank]] = rank;
            }
            return renumbered;
        }

        private static <K> List<K> sorted(List<K> keys, java.util.Comparator<K> order) {
            List<K> copy = new ArrayList<>(keys);
            copy.sort(order);
            return List.copyOf(copy);
        }
    }
}

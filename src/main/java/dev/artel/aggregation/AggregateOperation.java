package dev.artel.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SOLUTION.AGGREGATE}. The first chunk of an attempt reads the pool's answers and fits them (one
 * {@link AggregationService.Fit} for the attempt, {@link OperationContext#attemptState}); then each chunk stores
 * the results of the next {@value #CHUNK} tasks, in task id order, with a checkpoint saying how far it got, so a
 * large pool shows its progress and a crash loses one chunk. A later attempt fits again and goes on from the
 * checkpoint: it reads the same answers (those accepted by the operation's submission, which can no longer
 * change), and the algorithms are deterministic, so its results agree with the rows stored before it.
 * <p>
 * The fit itself is one step, in the first chunk's transaction: Dawid-Skene needs every answer at once. Its
 * memory is a few ints an answer (see {@link Answers}); its time is what the pool-size figures in BENCHMARKS.md
 * measure, and it must stay within the operation lease (30 s) for another node not to take the operation over.
 */
record AggregateOperation(AggregationService service) implements OperationType<AggregationJob> {
    /** Results stored per chunk. */
    static final int CHUNK = 5_000;
    private static final String NEXT = "next";

    @Override
    public String name() {
        return AggregationService.TYPE;
    }

    @Override
    public AggregationJob parameters(Operation operation) {
        return AggregationJob.of(operation);
    }

    @Override
    public Step run(OperationContext<AggregationJob> context) {
        AggregationJob job = context.parameters();
        Operation operation = context.operation();
        AggregationService.Fit fit = context.attemptState(AggregationService.Fit.class,
                () -> service.fitPool(context.handle(), operation, job));
        int tasks = fit.answers().tasks();
        int from = context.checkpoint() == null ? 0 : context.checkpoint().path(NEXT).asInt();
        int to = Math.min(tasks, from + CHUNK);
        List<AggregationStore.Row> rows = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            if (fit.estimates().label()[t] != Estimates.NONE) {
                rows.add(new AggregationStore.Row(fit.answers().taskId(t), fit.estimates().confidence()[t],
                        fit.outputValues(t, job.fields())));
            }
        }
        AggregationStore.insert(context.handle(), operation.id(), operation.accountId(), job.poolId(), rows);
        if (to < tasks) {
            context.progress(Math.min(99, to * 100 / tasks));
            return Step.more(Json.object().put(NEXT, to));
        }
        ObjectNode details = Json.object();
        int aggregated = 0;
        for (int label : fit.estimates().label()) {
            aggregated += label == Estimates.NONE ? 0 : 1;
        }
        details.put("aggregated_tasks_count", aggregated);
        details.put("answers_count", fit.answers().size());
        if (job.algorithm() == Algorithm.DAWID_SKENE) {
            details.put("iterations", fit.iterations());
        }
        return Step.done(details);
    }
}

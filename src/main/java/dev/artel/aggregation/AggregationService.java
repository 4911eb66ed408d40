package dev.artel.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationRunner;
import dev.artel.operation.OperationStore;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolStore;
import dev.artel.project.Project;
import dev.artel.project.ProjectStore;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import java.time.Clock;
import java.util.List;

/**
 * Toloka's aggregated solutions: a pool's accepted answers aggregated by Dawid-Skene or by skill
 * ({@code WEIGHTED_DYNAMIC_OVERLAP}), as a SOLUTION.AGGREGATE operation whose results are read page by page, or
 * for one task at once. Which answers count is {@link AggregationStore}'s to say; the algorithms are
 * {@link DawidSkene} and {@link WeightedVote}. A pool of another account, or a training, or none, is 404, as is
 * another account's operation: they do not exist for the caller.
 */
public final class AggregationService {
    static final String TYPE = "SOLUTION.AGGREGATE";

    private final Database db;
    private final PoolStore pools;
    private final ProjectStore projects;
    private final OperationStore operationStore;
    private final SkillValues skills;
    private final OperationRunner operations;
    private final IdGenerator ids;
    private final Clock clock;

    public AggregationService(Database db, PoolStore pools, ProjectStore projects, OperationStore operationStore,
                              SkillValues skills, OperationRunner operations, IdGenerator ids, Clock clock) {
        this.db = db;
        this.pools = pools;
        this.projects = projects;
        this.operationStore = operationStore;
        this.skills = skills;
        this.operations = operations;
        this.ids = ids;
        this.clock = clock;
        operations.register(new AggregateOperation(this));
    }

    /** The accepted SOLUTION.AGGREGATE operation, for the answer; run inline (the default), it is finished. */
    public ObjectNode aggregatePool(String accountId, ObjectNode body) {
        AggregationForm form = AggregationForm.of(body);
        return operations.accept(h -> {
            Pool pool = pool(h, accountId, form.poolId());
            Project project = projects.find(h, accountId, pool.projectId()).orElseThrow();
            AggregatedFields fields = fields(h, accountId, form, project);
            AggregationJob job = new AggregationJob(form.algorithm(), pool.id(), fields.names(), form.skillId(),
                    fields.options());
            return operations.submit(h, ids.nextOperationId(), accountId, TYPE,
                    job.parameters(accountId, pool, project, fields), job.internal());
        }).orElseThrow();
    }

    /**
     * One task's aggregate, computed now from the answers accepted so far (AggregatedSolutionViewV1). By skill, the
     * task's own answers decide. Dawid-Skene learns each worker's confusion matrix from the whole pool, which one
     * task's answers cannot tell, so it fits the pool and answers with this task's estimate: the same label a pool
     * aggregation at this moment gives it, at the cost of one. A task without an answer that counts is 409: there
     * is nothing to aggregate yet.
     */
    public ObjectNode aggregateTask(String accountId, ObjectNode body) {
        AggregationForm form = AggregationForm.of(body);
        String taskId = form.requireTaskId();
        return db.inTransaction(h -> {
            Pool pool = pool(h, accountId, form.poolId());
            if (taskId.length() > 64 || !AggregationStore.taskInPool(h, accountId, pool.id(), taskId)) {
                throw ApiException.notFound("Task", Text.abbreviate(taskId, 40));
            }
            Project project = projects.find(h, accountId, pool.projectId()).orElseThrow();
            AggregatedFields fields = fields(h, accountId, form, project);
            AggregationJob job = new AggregationJob(form.algorithm(), pool.id(), fields.names(), form.skillId(),
                    fields.options());
            Answers.Builder answers = new Answers.Builder();
            if (job.algorithm() == Algorithm.DAWID_SKENE) {
                AggregationStore.readPool(h, pool.id(), clock.millis(), job.fields(), answers);
            } else {
                AggregationStore.readTask(h, taskId, clock.millis(), job.fields(), answers);
                AggregationStore.readTaskBaselines(h, taskId, job.fields(), answers);
            }
            Fit fit = fit(h, accountId, job, answers.build());
            for (int t = 0; t < fit.answers().tasks(); t++) {
                if (fit.answers().taskId(t).equals(taskId) && fit.estimates().label()[t] != Estimates.NONE) {
                    return AggregationStore.view(taskId, pool.id(), fit.estimates().confidence()[t],
                            fit.outputValues(t, job.fields()));
                }
            }
            throw ApiException.conflict(ErrorCode.CONFLICT_STATE, "Task " + taskId + " has no accepted answer"
                    + (job.algorithm() == Algorithm.WEIGHTED_DYNAMIC_OVERLAP ? " by a worker with a value of skill "
                    + job.skillId() : "") + " to aggregate");
        });
    }

    /** A page of the results of the caller's aggregation operation {@code operationId}, in task id order by default. */
    public Page<ObjectNode> results(String accountId, String operationId, ListQuery.Params params) {
        ListQuery query = ListQuery.parse(AggregationStore.LIST, params);
        List<ObjectNode> rows = db.inTransaction(h -> {
            boolean ours = operationId.length() <= 64 && operationStore.find(h, accountId, operationId)
                    .filter(op -> op.type().equals(TYPE)).isPresent();
            if (!ours) {
                throw ApiException.notFound("Operation", Text.abbreviate(operationId, 40));
            }
            return AggregationStore.list(h, operationId, query);
        });
        return query.page(rows);
    }

    private Pool pool(Handle h, String accountId, String poolId) {
        return ObjectIds.parse(poolId).flatMap(id -> pools.find(h, accountId, PoolKind.POOL, id))
                .orElseThrow(() -> ApiException.notFound("Pool", Text.abbreviate(poolId, 40)));
    }

    private AggregatedFields fields(Handle h, String accountId, AggregationForm form, Project project) {
        AggregatedFields fields = AggregatedFields.of(project.doc().tree().path("task_spec").path("output_spec"),
                form.fields(), form.algorithm() == Algorithm.WEIGHTED_DYNAMIC_OVERLAP, "fields");
        if (form.skillId() != null && !skills.readable(h, accountId, form.skillId())) {
            throw ApiException.invalidField("answer_weight_skill_id", "ENTITY_DOES_NOT_EXIST", "Skill "
                    + Text.abbreviate(form.skillId(), 40) + " does not exist");
        }
        return fields;
    }

    /** The answers and what the job's algorithm made of them. */
    record Fit(Answers answers, Estimates estimates, int iterations) {
        String outputValues(int task, List<String> fields) {
            return Json.write(answers.labelAt(estimates.label()[task]).outputValues(fields));
        }
    }

    /** Reads the pool's answers as the operation sees them (accepted by its submission) and fits them. */
    Fit fitPool(Handle h, Operation operation, AggregationJob job) {
        Answers.Builder answers = new Answers.Builder();
        AggregationStore.readPool(h, job.poolId(), operation.submitted(), job.fields(), answers);
        if (job.algorithm() == Algorithm.WEIGHTED_DYNAMIC_OVERLAP) {
            AggregationStore.readPoolBaselines(h, job.poolId(), job.fields(), answers);
        }
        return fit(h, operation.accountId(), job, answers.build());
    }

    private Fit fit(Handle h, String accountId, AggregationJob job, Answers answers) {
        if (job.algorithm() == Algorithm.DAWID_SKENE) {
            DawidSkene.Fit fit = DawidSkene.fit(answers, DawidSkene.MAX_ITERATIONS, DawidSkene.TOLERANCE);
            return new Fit(answers, fit.estimates(), fit.iterations());
        }
        return new Fit(answers, SkillConfidence.weigh(h, skills, accountId, job.skillId(), answers, job.options()), 0);
    }
}

package dev.artel.bench;

/**
 * Request bodies shaped like toloka-kit's. The pool serialises to about 1.5 KB, the document size the
 * storage floor inserts too.
 */
final class Bodies {
    static final String PROJECT = """
            {"public_name": "Cats or dogs", "public_description": "Look at the picture",
             "public_instructions": "<p>Choose one</p>", "assignments_issuing_type": "AUTOMATED",
             "task_spec": {"input_spec": {"image": {"type": "url", "required": true}},
                           "output_spec": {"result": {"type": "string", "allowed_values": ["cat", "dog"]}},
                           "view_spec": {"type": "tb", "config": "{\\"view\\": {}}"}},
             "metadata": {"team": ["vision"]}}
            """;

    private static final String POOL = """
            {"project_id": "%s", "private_name": "Benchmark pool",
             "private_comment": "Pool created by the Artel benchmark harness; its size is that of a typical pool.",
             "may_contain_adult_content": false, "will_expire": "2030-01-01T00:00:00.000",
             "reward_per_assignment": 0.010, "assignment_max_duration_seconds": 600,
             "auto_accept_solutions": true, "priority": 10,
             "defaults": {"default_overlap_for_new_task_suites": 3, "default_overlap_for_new_tasks": 3},
             "mixer_config": {"real_tasks_count": 10, "golden_tasks_count": 0, "training_tasks_count": 0},
             "filter": {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN",
                                          "value": "EN"}]},
                                {"or": [{"category": "computed", "key": "region_by_phone", "operator": "IN",
                                          "value": 225}]}]},
             "quality_control": {"configs": [
                 {"collector_config": {"type": "CAPTCHA", "parameters": {"history_size": 5}},
                  "rules": [{"conditions": [{"key": "stored_results_count", "operator": "EQ", "value": 5},
                                            {"key": "success_rate", "operator": "LTE", "value": 60.0}],
                             "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT",
                                        "duration": 1, "duration_unit": "DAYS", "private_comment": "captcha"}}}]},
                 {"collector_config": {"type": "ASSIGNMENT_SUBMIT_TIME",
                                       "parameters": {"history_size": 10, "fast_submit_threshold_seconds": 20}},
                  "rules": [{"conditions": [{"key": "total_submitted_count", "operator": "GTE", "value": 4},
                                            {"key": "fast_submitted_count", "operator": "GTE", "value": 2}],
                             "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT",
                                        "duration": 3, "duration_unit": "DAYS",
                                        "private_comment": "fast submits"}}}]}]},
             "metadata": {"origin": ["benchmark"], "team": ["vision"]}}
            """;

    /**
     * The crowd benchmark's pool, in {@link #PROJECT}: one task a suite, one answer a task, answers accepted at
     * once, no filter, so that any worker takes from it and every take costs the same.
     */
    private static final String CROWD_POOL = """
            {"project_id": "%s", "private_name": "Crowd benchmark pool", "may_contain_adult_content": false,
             "will_expire": "2030-01-01T00:00:00.000", "reward_per_assignment": 0.010,
             "assignment_max_duration_seconds": 600, "auto_accept_solutions": true,
             "defaults": {"default_overlap_for_new_task_suites": 1, "default_overlap_for_new_tasks": 1},
             "mixer_config": {"real_tasks_count": 1, "golden_tasks_count": 0, "training_tasks_count": 0}}
            """;

    /**
     * The simulated crowd's pool, in {@link #PROJECT}: suites of ten tasks, three answers a task (the tasks take the
     * pool's default overlap), answers accepted at once, the pool closed as soon as it is complete.
     */
    private static final String SIMULATED_CROWD_POOL = """
            {"project_id": "%s", "private_name": "Simulated crowd benchmark pool", "may_contain_adult_content": false,
             "will_expire": "2030-01-01T00:00:00.000", "reward_per_assignment": 0.010,
             "assignment_max_duration_seconds": 600, "auto_accept_solutions": true,
             "auto_close_after_complete_delay_seconds": 0,
             "defaults": {"default_overlap_for_new_task_suites": 3, "default_overlap_for_new_tasks": 3},
             "mixer_config": {"real_tasks_count": 10, "golden_tasks_count": 0, "training_tasks_count": 0}}
            """;

    /**
     * A crowd of {@code workers}: most answer well, some badly, every one takes a lognormal time a task and now and
     * then skips or abandons an assignment.
     */
    static String simulatedCrowd(int workers) {
        int bad = workers / 5;
        return """
                {"seed": 9, "personas": [
                  {"name": "good", "count": %d, "accuracy": 0.9, "skip_rate": 0.02, "abandon_rate": 0.01,
                   "seconds_per_task": {"distribution": "lognormal", "median": 10, "sigma": 0.5}},
                  {"name": "bad", "count": %d, "accuracy": 0.4, "skip_rate": 0.05,
                   "seconds_per_task": {"distribution": "lognormal", "median": 4, "sigma": 0.5}}]}
                """.formatted(workers - bad, Math.max(bad, 1));
    }

    /** A worker's answer to a one-task suite of {@link #PROJECT}. */
    static final String ANSWER = "{\"solutions\": [{\"output_values\": {\"result\": \"cat\"}}]}";

    /** The text in the first uploaded task's image URL that stands for the task's number. */
    static final String FIRST_IMAGE = "0.jpg";

    private Bodies() {
    }

    static String crowdPool(String projectId) {
        return CROWD_POOL.formatted(projectId);
    }

    /**
     * Quality-control rules as a pipeline sets them, whose conditions the bench's workers never meet (they answer
     * at once, never skip, earn cents, and no task is a control task): each submit is judged by every collector,
     * and nothing is done, so the figure is the cost of judging alone.
     */
    static final String RULES = """
            {"configs": [
              {"collector_config": {"type": "ASSIGNMENT_SUBMIT_TIME", "parameters": {"history_size": 10,
                 "fast_submit_threshold_seconds": 1}},
               "rules": [{"conditions": [{"key": "fast_submitted_count", "operator": "GTE", "value": 1000}],
                          "action": %1$s}]},
              {"collector_config": {"type": "SKIPPED_IN_ROW_ASSIGNMENTS"},
               "rules": [{"conditions": [{"key": "skipped_in_row_count", "operator": "GTE", "value": 10}],
                          "action": %1$s}]},
              {"collector_config": {"type": "GOLDEN_SET", "parameters": {"history_size": 10}},
               "rules": [{"conditions": [{"key": "golden_set_answers_count", "operator": "GTE", "value": 3},
                                         {"key": "golden_set_correct_answers_rate", "operator": "LT", "value": 50}],
                          "action": %1$s}]},
              {"collector_config": {"type": "MAJORITY_VOTE", "parameters": {"answer_threshold": 2, "history_size": 10}},
               "rules": [{"conditions": [{"key": "total_answers_count", "operator": "GTE", "value": 1000}],
                          "action": %1$s}]},
              {"collector_config": {"type": "ACCEPTANCE_RATE", "parameters": {"history_size": 10}},
               "rules": [{"conditions": [{"key": "total_assignments_count", "operator": "GTE", "value": 1000}],
                          "action": %1$s}]},
              {"collector_config": {"type": "INCOME"},
               "rules": [{"conditions": [{"key": "income_sum_for_last_24_hours", "operator": "GTE", "value": 1000000}],
                          "action": %1$s}]}]}
            """.formatted("""
            {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT", "duration": 1, "duration_unit": "DAYS",
             "private_comment": "bench"}}""");

    /**
     * The rule-cost pools: the crowd pool with three answers a task, as a pool with a majority vote has them (with
     * one, a majority never forms and the vote judges nothing), with or without {@link #RULES}.
     */
    static String ruleCostPool(String projectId, boolean withRules) {
        String pool = crowdPool(projectId).strip().replace("\"default_overlap_for_new_task_suites\": 1,"
                + " \"default_overlap_for_new_tasks\": 1", "\"default_overlap_for_new_task_suites\": 3,"
                + " \"default_overlap_for_new_tasks\": 3");
        return withRules ? pool.substring(0, pool.length() - 1) + ", \"quality_control\": " + RULES + "}" : pool;
    }

    static String simulatedCrowdPool(String projectId) {
        return SIMULATED_CROWD_POOL.formatted(projectId);
    }

    /**
     * {@code count} tasks for {@code poolId} as toloka-kit's {@code create_tasks} sends them with
     * {@code async_mode}: an array of tasks, each numbered by {@code __item_idx}, overlap left to the pool's defaults.
     */
    static String tasks(String poolId, int count) {
        StringBuilder b = new StringBuilder(count * 110).append('[');
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("{\"pool_id\": \"").append(poolId)
                    .append("\", \"input_values\": {\"image\": \"https://bench.example/images/").append(i)
                    .append(".jpg\"}, \"__item_idx\": \"").append(i).append("\"}");
        }
        return b.append(']').toString();
    }

    static String pool(String projectId) {
        return POOL.formatted(projectId);
    }
}

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

    private Bodies() {
    }

    static String pool(String projectId) {
        return POOL.formatted(projectId);
    }
}

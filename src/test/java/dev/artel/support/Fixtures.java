package dev.artel.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;

/** Valid request bodies, shaped like the ones toloka-kit sends. */
public final class Fixtures {
    private Fixtures() {
    }

    public static ObjectNode project() {
        return Json.parseObject("""
                {"public_name": "Cats or dogs", "public_description": "Look at the picture",
                 "public_instructions": "<p>Choose one</p>", "assignments_issuing_type": "AUTOMATED",
                 "task_spec": {"input_spec": {"image": {"type": "url", "required": true}},
                               "output_spec": {"result": {"type": "string", "allowed_values": ["cat", "dog"]}},
                               "view_spec": {"type": "tb", "config": "{\\"view\\": {}}"}},
                 "metadata": {"team": ["vision"]}}
                """);
    }

    public static ObjectNode pool(String projectId) {
        ObjectNode pool = Json.parseObject("""
                {"private_name": "Main pool", "private_comment": "first run", "may_contain_adult_content": false,
                 "will_expire": "2030-01-01T00:00:00.000", "reward_per_assignment": 0.010,
                 "assignment_max_duration_seconds": 600, "auto_accept_solutions": true, "priority": 10,
                 "defaults": {"default_overlap_for_new_task_suites": 3, "default_overlap_for_new_tasks": 3},
                 "mixer_config": {"real_tasks_count": 10, "golden_tasks_count": 0, "training_tasks_count": 0},
                 "filter": {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN",
                                              "value": "EN"}]}]},
                 "quality_control": {"configs": [{"collector_config": {"type": "CAPTCHA",
                     "parameters": {"history_size": 5}},
                     "rules": [{"conditions": [{"key": "stored_results_count", "operator": "EQ", "value": 5},
                                               {"key": "success_rate", "operator": "LTE", "value": 60.0}],
                                "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT",
                                           "duration": 1, "duration_unit": "DAYS", "private_comment": "captcha"}}}]}]},
                 "metadata": {"origin": ["test"]}}
                """);
        pool.put("project_id", projectId);
        return pool;
    }

    public static ObjectNode training(String projectId) {
        ObjectNode training = Json.parseObject("""
                {"private_name": "Training", "inherited_instructions": true, "may_contain_adult_content": false,
                 "assignment_max_duration_seconds": 600, "mix_tasks_in_creation_order": true,
                 "shuffle_tasks_in_task_suite": false, "training_tasks_in_task_suite_count": 3,
                 "task_suites_required_to_pass": 2, "retry_training_after_days": 7, "metadata": {"k": ["v"]}}
                """);
        training.put("project_id", projectId);
        return training;
    }
}

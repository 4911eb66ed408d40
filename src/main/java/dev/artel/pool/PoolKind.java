package dev.artel.pool;

/**
 * Pools and trainings share storage, lifecycle and operations; this is everything that differs in how
 * they appear on the wire.
 */
public enum PoolKind {
    POOL("Pool", "Pools", "pool_id", "POOL", "PoolFormV1"),
    TRAINING("Training", "Trainings", "training_id", "TRAINING", "TrainingFormV1");

    private final String singular;
    private final String plural;
    private final String idField;
    private final String operationPrefix;
    private final String formSchema;

    PoolKind(String singular, String plural, String idField, String operationPrefix, String formSchema) {
        this.singular = singular;
        this.plural = plural;
        this.idField = idField;
        this.operationPrefix = operationPrefix;
        this.formSchema = formSchema;
    }

    /** "Pool" or "Training", as in the spec's operationIds (getPool, openTraining). */
    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    /** The key naming the object in operation parameters and details. */
    public String idField() {
        return idField;
    }

    public String operationType(String action) {
        return operationPrefix + "." + action;
    }

    public String formSchema() {
        return formSchema;
    }
}

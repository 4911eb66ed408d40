package dev.artel.aggregation;

/** The {@code type} of an aggregation request. */
enum Algorithm {
    DAWID_SKENE, WEIGHTED_DYNAMIC_OVERLAP
}

package dev.portolan.cel;

/**
 * What {@link CostEstimator} estimates for one node: its evaluation steps and its value's bound.
 */
record CostEstimate(long cost, SizeBound size) {}

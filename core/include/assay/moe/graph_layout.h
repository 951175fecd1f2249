#pragma once
// Node positions for the expert graph, computed off the GUI thread (the view runs them as jobs).
// Coordinates are unitless; the canvas fits them to its view.
#include <cstdint>
#include <vector>

#include "assay/jobs/job_context.h"

namespace assay::core::moe {

struct Point {
    double x = 0, y = 0;
};

// Nodes evenly on a circle, node 0 at the top, clockwise.
std::vector<Point> circularLayout(int n);

// Nodes grouped by device: each device's experts on a small circle, the devices on a large one.
std::vector<Point> groupedLayout(const std::vector<std::int32_t>& groupOf);

// Fruchterman–Reingold on symmetric weights [n,n] (diagonal ignored): attraction grows with the
// weight, every pair repels; starts from the circle, `iterations` steps with a cooling schedule.
// Then pairs closer than 0.6 · (layout extent) / √n are pushed apart (a strongly linked group
// would otherwise stack its nodes and their labels). Deterministic (no randomness). progress()
// every few iterations: the cancellation point; publish(std::vector<Point>) every 60 iterations:
// the positions so far, for a live view.
std::vector<Point> forceLayout(const std::vector<double>& weights, int n, int iterations = 300,
                               JobContext& job = JobContext::none());

}  // namespace assay::core::moe

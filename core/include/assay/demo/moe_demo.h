#pragma once
// The Experts view's built-in demo: a small mixture-of-experts network trained from a seed, on the
// CPU, in a few seconds, on a synthetic task with several domains, and the routing trace it
// produces on held-out tokens of every domain.
//
// Task: a token of domain D is x = mu_D + noise (d-dimensional; the domain means are weak against
// the noise, so a random router hardly sees them), and the target is tanh(A_D x) with one random
// matrix A_D per domain. Solving it needs a different function per domain, so the router learns
// to read the domain and experts specialise; a load-balancing loss (Switch Transformer:
// n * sum_i f_i * P_i) keeps every expert in use. Network: L residual MoE layers
// h <- h + sum_{e in top-k} w_e * FFN_e(h), router = linear d -> n without bias, w = softmax
// over the n logits restricted to the top-k and renormalised; then a linear head.
// With trainSteps = 0 the same network is traced at its random initialisation (the baseline that
// shows the specialisation comes from training).
//
// Reproducible: the same spec gives bit-identical traces on the same machine (data from
// SplitMix64 streams, parameters from torch::manual_seed(seed), one compute thread while it runs).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

struct MoeDemoSpec {
    std::uint64_t seed = 7;
    int layers = 2;         // L, 1..8
    int experts = 16;       // n
    int topK = 2;           // k, 1..n
    int hidden = 64;        // d
    int expertHidden = 32;  // f, inner size of each expert's FFN
    int domains = 4;        // 2..16
    int trainSteps = 500;   // Adam steps; 0 = untrained (random initialisation)
    int batchTokens = 128;  // tokens per step, domains drawn uniformly
    double learningRate = 5e-3;
    double balanceWeight = 0.1;  // weight of the load-balancing loss
    double domainSignal = 3.0;   // |mu_D| against noise of norm about sqrt(d)
    int traceTokens = 2048;      // held-out tokens captured in the trace (domains uniform)
};

struct MoeDemo {
    // topkIdx (descending weight), topkWeight, routerLogits per layer; domain, names.
    RoutingTrace trace;
    std::vector<std::vector<float>> routerWeight;  // per layer, [n, d] row-major
    std::vector<double> loss;     // task loss (mean squared error) per training step
    double finalBalanceLoss = 0;  // the balance term at the last step (1 = perfectly balanced)
};

// Trains (stage "training", progress per step: cancellation point) and captures the trace
// (stage "tracing"). Always on the CPU. Throws ParameterError for a spec out of range.
MoeDemo makeMoeDemo(const MoeDemoSpec& spec = {}, JobContext& job = JobContext::none());

// Writes a trace in the documented trace format (README, "Experts"), atomically:
//   layers.{l}.topk_idx I64 [T,k], layers.{l}.topk_weight F32 [T,k] and layers.{l}.router_logits
//   F32 [T,n] (each when present), domain I64 [T], token_ids I64 [T] (when present);
//   __metadata__: num_experts, top_k, model, domain_names (a JSON list). OutputError on failure.
void writeRoutingTrace(const RoutingTrace& trace, const std::filesystem::path& path);

}  // namespace assay::core::moe

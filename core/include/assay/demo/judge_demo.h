#pragma once
// The Judge view's built-in demo: a five-judge LLM ensemble on a target dataset and on three
// fully labelled source datasets, each with easy and hard items (bimodal difficulty, papers.md
// §6), and text embeddings around a per-dataset centre. Two sources resemble the target (close
// centres, close parameters), one does not (an orthogonal centre, a much easier mix). So on the
// target the mixture beats the Binomial, transfer from all three helps at small m (the softmax
// gives the dissimilar one almost no weight), and transfer from the dissimilar one alone hurts.
// tests/core/judge/demo_test.cpp checks these claims.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "assay/judge/transfer.h"

namespace assay::core::demo {

struct JudgeDemoSpec {
    std::uint64_t seed = 13;
    int judges = 5;
    int targetSamples = 400;
    int sourceSamples = 2000;
    int dim = 32;            // embedding dimension
    double textNoise = 0.5;  // per-coordinate spread of a text around its dataset's centre
};

struct JudgeDataset {
    std::string name;
    judge::MixtureParams truth;      // the parameters it was drawn from
    double trueAccuracy = 0;         // A(truth)
    std::vector<int> counts;         // x_i, in annotation order
    std::vector<int> easy;           // 1 where item i came from the easy component
    std::vector<double> embeddings;  // counts.size() × dim, row-major
};

struct JudgeDemo {
    int judges = 5;
    int dim = 32;
    JudgeDataset target;
    std::vector<JudgeDataset> sources;  // "similar-a", "similar-b", "dissimilar"
};

JudgeDemo makeJudgeDemo(const JudgeDemoSpec& spec = {});

// Each source fitted as `assay-run judge-fit` would: the mixture MAP on all its labels (weak
// prior) and its mean embedding.
std::vector<judge::SourceFit> fitJudgeDemoSources(const JudgeDemo& demo);

}  // namespace assay::core::demo

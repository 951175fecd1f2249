#pragma once
// What `assay-run windows` writes (README "Outputs (`assay-run windows`)"): every image's results
// gathered per method × budget into stacked tensors, and the JSON summary beside them.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/io/safetensors.h"
#include "assay/tokens/token_budget.h"
#include "assay/tokens/windows_analysis.h"

namespace assay::app {

// One method at one budget over every image: the tensors of the command line.
struct WindowsCell {
    core::tokens::ReductionMethod method = core::tokens::ReductionMethod::Wico;
    core::tokens::GridSize out;
    std::string unavailable;
    int tokens = 0, tokenDim = 0;
    std::vector<float> tokenData;      // B × M × tokenDim
    std::vector<double> similarity;    // B × M
    std::vector<std::int64_t> source;  // B × H·W
    std::vector<double> error;         // B × H·W
    double similaritySum = 0;          // over groups with ≥ 2 patches
    std::int64_t groups = 0, singletons = 0;
};

struct WindowsOutputs {
    core::tokens::GridSize grid;
    int dim = 0, images = 0;
    bool batch = false;                  // the input had a batch axis: tensors get a leading [B]
    bool prefixed = false;               // --method all: names "<method>.<M>.<tensor>"
    std::vector<WindowsCell> cells;      // method-major, like ImageAnalysis::results
    std::vector<double> wicoPlusCosine;  // B × H·W at the first budget
    core::tokens::GridSize wicoPlusOut;

    // Appends one image's analysis (cells created on the first image).
    void add(const core::tokens::ImageAnalysis& a);
    nlohmann::json summary() const;
    std::vector<core::io::TensorToWrite> tensors() const;
};

nlohmann::json budgetJson(core::tokens::GridSize grid, const core::tokens::LlmShape& llm);
nlohmann::json batchJson(const core::tokens::BatchStatistics& s);

}  // namespace assay::app

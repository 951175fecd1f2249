#pragma once
// A model to explain (papers.md §7), seen by every explainer the same way: a batched map from
// input rows [n, D] (double, C order) to outputs [n, C] (C = 1 for a scalar output). Explainers
// hand it many rows per call (the perturbations of one explained row, in batches of
// preferredBatch()) so that a TorchScript model runs them as one forward on the device.
// evaluate() is const and may be called from several threads at once.
//
// Kinds: a linear/logistic model (W [C,D], b [C], output link identity | sigmoid | softmax), a
// small MLP (the demo's trained models, plain C++), a TorchScript module (core/script_module.h,
// [B,D] → [B] or [B,C], run in fp32 on the current device) and a C++ function (tests, the
// synthetic generators). Bad shapes → InputError naming the file and what was expected.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assay::core::explain {

enum class OutputLink { Identity, Sigmoid, Softmax };
const char* outputLinkName(OutputLink link);             // "identity", "sigmoid", "softmax"
OutputLink outputLinkFromName(const std::string& name);  // ParameterError otherwise

class Model {
public:
    virtual ~Model() = default;
    virtual int inputs() const = 0;   // D
    virtual int outputs() const = 0;  // C ≥ 1
    // rows: n × D; out: n × C. InputError/ParameterError on failure (never half-written output
    // that a caller could mistake for a result: callers discard out on a throw).
    virtual void evaluate(const double* rows, std::int64_t n, double* out) const = 0;
    // Rows per evaluate() call the explainers aim for (a device batch).
    virtual std::int64_t preferredBatch() const { return 8192; }
    // For provenance and the view: "linear W[2,30] softmax", "torchscript model.pt [B,10]→[B]".
    virtual std::string describe() const = 0;
    // The model-randomisation sanity check (Adebayo et al.): the same architecture with weights
    // redrawn from `seed` (same scale as the trained ones). nullptr when the kind cannot do it
    // (TorchScript, functions).
    virtual std::unique_ptr<Model> randomised(std::uint64_t seed) const { return nullptr; }
};

// W: C × D row-major, b: C (empty = zeros).
std::unique_ptr<Model> linearModel(std::vector<double> W, std::vector<double> b, int C, int D,
                                   OutputLink link);

// W from safetensors (tensor "W", optional "b") or .npy ([C,D] or [D] = one output); b from
// `biasPath` (.npy, [C]) when given. Default link: softmax when C > 1, sigmoid when C = 1.
std::unique_ptr<Model> loadLinearModel(const std::filesystem::path& weightsPath,
                                       const std::optional<std::filesystem::path>& biasPath,
                                       std::optional<OutputLink> link);

// A dense MLP: layers[i] maps layers[i].in → layers[i].out (W out × in row-major, b out);
// `hidden` between layers, `link` after the last.
enum class Activation { Relu, Tanh };
struct DenseLayer {
    int in = 0, out = 0;
    std::vector<double> W, b;
};
std::unique_ptr<Model> mlpModel(std::vector<DenseLayer> layers, Activation hidden, OutputLink link);

// A TorchScript module; `inputs` = D. Its output shape is found from a one-row forward:
// [B] → C = 1, [B,C] → C; anything else (or a forward that fails on [1,D]) → InputError
// "<file>: the model maps [1,D] to [..], expected [1] or [1,C]".
std::unique_ptr<Model> loadScriptModel(const std::filesystem::path& path, int inputs);

using ModelFunction = std::function<void(const double* rows, std::int64_t n, double* out)>;
std::unique_ptr<Model> functionModel(int inputs, int outputs, ModelFunction f, std::string name);

// out = model(rows) in batches of preferredBatch() (n × C, resized); the batch loop every
// explainer uses. progress is not reported here (callers report per explained row).
void evaluateRows(const Model& model, const double* rows, std::int64_t n, std::vector<double>& out);

}  // namespace assay::core::explain

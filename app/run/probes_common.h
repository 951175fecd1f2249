#pragma once
// What the four Probes commands (`assay-run probe | steer | transfer | preference`) share: the
// probe options and their checks, the demo (trained once per run), the layer list, the result
// file (checked before any work; tensors as F64) and the probe file the probe and steer
// commands train. README "Outputs (`assay-run probe`, ...)".
#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assay/demo/probes_demo.h"
#include "assay/io/safetensors.h"
#include "assay/probes/probe_dataset.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probe_training.h"

namespace assay::app {

// The options every probe fit takes (sklearn's conventions: C = 1, no class weights).
struct ProbeFitOptions {
    double testFraction = 0.25;
    double C = 1.0;
    int cv = 0;  // ≥ 2: C chosen per layer by k-fold CV over cGrid
    std::string cGrid = "0.01,0.1,1,10,100";
    bool balanced = false;
    std::uint64_t seed = 0;
    std::string layers;  // "3,5,7"; empty = all
    CLI::Option* cOption = nullptr;
};

// --test-fraction, --C, --balanced, --seed, --layers; with `cv` also --cv and --c-grid.
void addProbeFitOptions(CLI::App* sub, ProbeFitOptions& o, bool cv);
// ParameterError for values out of range (before any file is read).
core::probes::ProbeRequest probeRequest(const ProbeFitOptions& o);
nlohmann::json probeFitParameters(const ProbeFitOptions& o, bool cv);

// "3,5,7" → {3, 5, 7}; ParameterError naming `option` for anything else.
std::vector<int> parseLayerList(const std::string& text, const std::string& option);
// "0.1,1,10" → values > 0.
std::vector<double> parsePositiveList(const std::string& text, const std::string& option);

// The built-in demo (core/probes ProbesDemo), trained on first use.
const core::probes::ProbesDemo& probesDemo();
std::uint64_t probesDemoSeed();

// Exactly one of a file and --demo (ParameterError naming `option` otherwise).
void requireOneInput(bool file, bool demo, const std::string& option);

// Probes of every requested layer with their directions, as a probe file (metadata from
// toProbeFile), and the training behind it.
struct TrainedProbes {
    core::probes::ProbeTraining training;
    core::probes::ProbeFile file;
};
TrainedProbes trainProbeFile(const core::probes::ProbeDataset& data,
                             const core::probes::ProbeRequest& request);

// The rows a probe was tested on: the file's split, else the seeded split the probe file's
// metadata names (seed, test_fraction), so steering reads the held-out rows of training.
core::probes::ProbeSplit heldOutSplit(const core::probes::ProbeDataset& data,
                                      const core::probes::ProbeFile& probe);

// F64 tensor; a value that is NaN stays NaN (e.g. a layer a dataset lacks).
core::io::TensorToWrite f64Tensor(const std::string& name, const std::vector<double>& v,
                                  std::vector<std::int64_t> shape);
core::io::TensorToWrite layerIndexTensor(const std::vector<int>& layers);

// A number for JSON: null when not finite.
nlohmann::json finiteOrNull(double v);

}  // namespace assay::app

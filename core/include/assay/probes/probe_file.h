#pragma once
// A trained probe and its directions, written and read back (export → steering, caption scoring).
// safetensors (metadata in __metadata__) or .npz (metadata as a JSON string in a U8 tensor
// `metadata_json`), chosen by extension. Tensors:
//   layer_index [L] I64, weights [L,d] F64, bias [L] F64, direction [L,d] F64 (mass-mean, unit,
//   towards real), probe_direction [L,d] F64 (−w/‖w‖), sigma [L] F64 (std of ⟨h, direction⟩ over
//   the training states), sigma_probe [L] F64 (the same for probe_direction),
//   mean_real [L,d] / mean_hallucinated [L,d] F64 (class means, optional).
// Metadata: format "assay-probe", normalisation ("none": the probe reads raw states, as captured),
// C, balanced, seed, split, test_fraction, source file, width, and any extra keys.
// `assay-run probe` writes more tensors into the same file (auroc …); readProbeFile ignores them.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace assay::core::probes {

struct ProbeFile {
    std::vector<int> layers;
    std::int64_t width = 0;
    std::vector<double> weights;           // L × d
    std::vector<double> bias;              // L
    std::vector<double> direction;         // L × d
    std::vector<double> probeDirection;    // L × d
    std::vector<double> sigma;             // L
    std::vector<double> sigmaProbe;        // L
    std::vector<double> meanReal;          // L × d or empty
    std::vector<double> meanHallucinated;  // L × d or empty
    std::map<std::string, std::string> metadata;

    int position(int layer) const;  // index of a layer number, −1 if absent
};

// Writes (atomically) safetensors or .npz by extension (else OutputError). A one-layer export is
// a ProbeFile with one layer. `extra` tensors (name, shape, values) are written after the
// standard ones (the commands' results).
struct ExtraTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<double> values;
};
void writeProbeFile(const std::filesystem::path& path, const ProbeFile& probe,
                    const std::vector<ExtraTensor>& extra = {});
// InputError naming the file and tensor: not an Assay probe, shapes that disagree, non-finite
// weights.
ProbeFile readProbeFile(const std::filesystem::path& path);

}  // namespace assay::core::probes

#pragma once
// Preference pairs (README "Probes ▸ Inputs"): one file per dataset, safetensors or .npz, with
// `chosen` and `rejected` embeddings of the same N pairs, either [N, d] (one layer) or [L, N, d],
// or per layer `layers.{l}.chosen` / `layers.{l}.rejected` [N, d]; optional `layer_index`.
// F32/F16/BF16/F64, kept in the memory map. The separability probe labels chosen 1, rejected 0.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "assay/io/hidden_states.h"

namespace assay::core::probes {

class PreferencePairs {
public:
    // InputError naming the file and tensor: chosen or rejected missing, shapes that differ,
    // N = 0, non-float dtype.
    static PreferencePairs open(const std::filesystem::path& path);
    // In memory: chosen and rejected [L, N, d] row-major each. `name` labels the dataset.
    static PreferencePairs fromFloats(std::string name, std::vector<int> layers, std::int64_t pairs,
                                      std::int64_t width, std::vector<float> chosen,
                                      std::vector<float> rejected);
    PreferencePairs(PreferencePairs&&) noexcept;
    PreferencePairs& operator=(PreferencePairs&&) noexcept;
    ~PreferencePairs();

    const std::string& name() const;  // the file stem, or the fromFloats name
    std::vector<int> layers() const;
    int layerCount() const;
    std::int64_t pairs() const;  // N
    std::int64_t width() const;  // d
    io::HiddenMatrix chosen(int position) const;
    io::HiddenMatrix rejected(int position) const;

    struct Impl;

private:
    explicit PreferencePairs(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::probes

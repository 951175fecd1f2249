#pragma once
// Hidden states captured from a model, shared by the Pruning view (the input of each MoE block)
// and the Probes view (per-layer states). One file, safetensors or .npz:
//   layers.{l}.hidden  [T, d]  per layer l (any float dtype: F32, F16, BF16, F64), or
//   hidden             [L, T, d] with optional metadata/tensor `layer_index` naming the L layers
//                      (default 0..L−1);
//   layers.{l}.target  [T, d]  optional (Pruning: the block's output target for gradient criteria)
//   token_ids          [T]     optional, integer
// plus any other tensors (label, split, group …) that a view reads by name from file().
// Data stays in the memory map, compact; views hand pointers to the engine.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/io/tensor_file.h"

namespace assay::core::io {

struct HiddenMatrix {
    std::string name;  // tensor name (for messages)
    DType dtype = DType::F32;
    std::int64_t rows = 0;       // T
    std::int64_t cols = 0;       // d
    const void* data = nullptr;  // rows × cols, C order, valid while the HiddenStates lives
};

class HiddenStates {
public:
    // InputError naming the file and tensor: no hidden states, non-float dtype, layers with
    // different T or d, bad layer_index, token_ids of the wrong length.
    static HiddenStates open(const std::filesystem::path& path);
    HiddenStates(HiddenStates&&) noexcept;
    HiddenStates& operator=(HiddenStates&&) noexcept;
    ~HiddenStates();

    const std::filesystem::path& path() const;
    std::vector<int> layers() const;  // ascending
    std::int64_t tokens() const;      // T
    std::int64_t width() const;       // d
    bool hasLayer(int l) const;
    // InputError listing the layers the file has.
    HiddenMatrix hidden(int l) const;
    std::optional<HiddenMatrix> target(int l) const;
    const std::vector<std::int64_t>& tokenIds() const;  // empty when absent
    const TensorFile& file() const;

private:
    struct Impl;
    explicit HiddenStates(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::io

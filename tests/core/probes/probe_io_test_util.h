#pragma once
// Helpers for the Probes readers' tests (and other parts' tests that need a states file): exact
// values in every float dtype (tokens/features_test_support.h), a labelled states file written
// in either layout, and the elements of a RowView read back as doubles.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../tokens/features_test_support.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/safetensors.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::test {

using Scratch = io::test::ScratchDir;
using tokens::test::encode;
using tokens::test::exactValues;
using tokens::test::tensor;

// Integer vector tensor of `dtype` (I64, I32, U8 or Bool).
inline io::TensorToWrite intTensor(std::string name, const std::vector<std::int64_t>& v,
                                   io::DType dtype = io::DType::I64) {
    io::TensorToWrite t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = {static_cast<std::int64_t>(v.size())};
    const std::size_t size = io::dtypeSize(dtype);
    t.bytes.resize(v.size() * size);
    for (std::size_t i = 0; i < v.size(); ++i)
        for (std::size_t b = 0; b < size; ++b)
            t.bytes[i * size + b] =
                static_cast<unsigned char>((static_cast<std::uint64_t>(v[i]) >> (8 * b)) & 0xff);
    return t;
}

// Row r of the view as doubles.
inline std::vector<double> rowValues(const RowView& view, std::int64_t r) {
    std::vector<double> out(static_cast<std::size_t>(view.cols));
    io::convertElements(view.rows[static_cast<std::size_t>(r)], view.dtype, 0, view.cols,
                        out.data());
    return out;
}

// The tensors of a states file: hidden [L, N, d] stacked (with layer_index) or per layer.
inline std::vector<io::TensorToWrite> statesTensors(const std::vector<int>& layers, std::int64_t n,
                                                    std::int64_t d,
                                                    const std::vector<double>& hidden,
                                                    io::DType dtype, bool stacked) {
    std::vector<io::TensorToWrite> out;
    const auto L = static_cast<std::int64_t>(layers.size());
    if (stacked) {
        out.push_back(tensor("hidden", hidden, {L, n, d}, dtype));
        out.push_back(
            intTensor("layer_index", std::vector<std::int64_t>(layers.begin(), layers.end())));
    } else {
        for (std::int64_t l = 0; l < L; ++l) {
            const auto first = hidden.begin() + l * n * d;
            out.push_back(
                tensor("layers." + std::to_string(layers[static_cast<std::size_t>(l)]) + ".hidden",
                       std::vector<double>(first, first + n * d), {n, d}, dtype));
        }
    }
    return out;
}

}  // namespace assay::core::probes::test

#pragma once
// The Probes view's labelled hidden states (papers.md §4; README "Probes ▸ Inputs"): one file in
// the hidden-state format of io/hidden_states.h (`hidden` [L,N,d] or `layers.{l}.hidden` [N,d],
// F32/F16/BF16/F64, optional `layer_index`) plus
//   label  [N] integer or bool, 1 = hallucinated (the detector's positive class), 0 = real;
//   split  [N] optional, 0 = train, 1 = test;
//   group  [N] optional integer (e.g. image id): splits and folds never cut a group.
// The states stay compact in the memory map; computations read rows through RowView (below) and
// convert a bounded block at a time (io::convertElements), so a 5 GB fp16 file is never
// materialised in fp32. The demo builds one in memory with fromFloats().
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/io/hidden_states.h"

namespace assay::core::probes {

// A set of rows of one layer's matrix (or of any row-major buffer): row i of the view is
// `cols` contiguous elements of `dtype` at rows[i]. Probes, directions and PCA all read this, so
// train/test subsets, chosen+rejected pairs and projected spaces need no copies.
struct RowView {
    io::DType dtype = io::DType::F32;  // F32, F16, BF16 or F64
    std::int64_t cols = 0;
    std::vector<const unsigned char*> rows;
    std::int64_t size() const { return static_cast<std::int64_t>(rows.size()); }
};

// Rows `indices` of m (ParameterError for an index outside [0, m.rows)).
RowView rowsOf(const io::HiddenMatrix& m, const std::vector<std::int64_t>& indices);
// Every row of m.
RowView allRows(const io::HiddenMatrix& m);
// Rows of a row-major double buffer [n, cols] (e.g. PCA coordinates); the buffer must outlive it.
RowView rowsOfDoubles(const double* data, std::int64_t n, std::int64_t cols);

// The first row of `view` holding a NaN or ±inf, or nullopt (one streamed pass).
std::optional<std::int64_t> firstNonFiniteRow(const RowView& view);

class ProbeDataset {
public:
    // InputError "file: tensor: expectation" for: no hidden states (io::HiddenStates' errors),
    // no `label`, labels other than 0/1 ("label: row 17 is 2; labels are 1 = hallucinated,
    // 0 = real"), label/split/group length != N, split values other than 0/1, one class empty
    // ("label: no row is 1 (hallucinated); a probe needs both classes"), a split whose train or
    // test part lacks a class. NaN rows are found when a layer is first read
    // (checkFinite) — scanning every layer here would read the whole file.
    static ProbeDataset open(const std::filesystem::path& path);
    // In memory: hidden [L, N, d] row-major (layer-major), layer numbers `layers` (size L).
    // Same checks as open(); `name` stands for the file in messages.
    static ProbeDataset fromFloats(std::string name, std::vector<int> layers, std::int64_t items,
                                   std::int64_t width, std::vector<float> hidden,
                                   std::vector<std::uint8_t> labels,
                                   std::optional<std::vector<std::uint8_t>> split = std::nullopt,
                                   std::optional<std::vector<std::int64_t>> group = std::nullopt);
    ProbeDataset(ProbeDataset&&) noexcept;
    ProbeDataset& operator=(ProbeDataset&&) noexcept;
    ~ProbeDataset();

    const std::string& name() const;  // file path as given, or the fromFloats name
    std::vector<int> layers() const;  // ascending, as layer_index names them
    int layerCount() const;
    std::int64_t items() const;  // N
    std::int64_t width() const;  // d
    io::DType dtype() const;
    const std::vector<std::uint8_t>& labels() const;                // N, 1 = hallucinated
    const std::optional<std::vector<std::uint8_t>>& split() const;  // N, 1 = test
    const std::optional<std::vector<std::int64_t>>& groups() const;
    // Layer by position 0..layerCount()-1 (not by layer number).
    io::HiddenMatrix layer(int position) const;
    // InputError "file: layers.12.hidden: row 37 is not finite (NaN or inf); remove or fix it"
    // for the first such row among `rows` of that layer.
    void checkFinite(int position, const std::vector<std::int64_t>& rows) const;

    struct Impl;

private:
    explicit ProbeDataset(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Train / test rows. source: "file" (the split tensor), "grouped" (seeded, whole groups),
// "seeded" (seeded, stratified by label).
struct ProbeSplit {
    std::vector<std::int64_t> train;  // ascending
    std::vector<std::int64_t> test;   // ascending
    std::string source;
    std::uint64_t seed = 0;
    double testFraction = 0;
};

// The file's split when it has one; otherwise a seeded split with about testFraction of the rows
// (of the groups, when groups are given) in test, stratified by label where no groups are given.
// Same inputs → same split. ParameterError for testFraction outside (0, 1); InputError when a
// part would lack a class (with the counts).
ProbeSplit makeSplit(const std::vector<std::uint8_t>& labels,
                     const std::optional<std::vector<std::uint8_t>>& split,
                     const std::optional<std::vector<std::int64_t>>& groups, double testFraction,
                     std::uint64_t seed);

// k folds over `rows` (e.g. the training rows) for cross-validation: fold f's test part and the
// rest as train, seeded, stratified by label, whole groups when groups are given.
// ParameterError for k < 2 or more folds than rows (or groups).
std::vector<ProbeSplit> makeFolds(const std::vector<std::int64_t>& rows,
                                  const std::vector<std::uint8_t>& labels,
                                  const std::optional<std::vector<std::int64_t>>& groups, int k,
                                  std::uint64_t seed);

}  // namespace assay::core::probes

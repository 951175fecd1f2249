#pragma once
// Per-token captions scored by a trained probe (README "Probes ▸ Inputs"):
//   captions.jsonl  one JSON object per line: {"tokens": ["A", " dog", ...],
//                   "labels": [-1, 0, 1, ...]  (optional; 1 = hallucinated object token, 0 = real
//                   object token, -1 or null = not an object), "confidences": [0.93, ...]
//                   (optional; the model's top-1 probability when it produced the token),
//                   "id": "..." (optional)}
//   states          hidden-state file (io/hidden_states.h) whose T rows are every caption's
//                   tokens in file order (caption 0's tokens, then caption 1's, ...), at one or
//                   more layers.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "assay/io/hidden_states.h"

namespace assay::core::probes {

struct Caption {
    std::string id;                   // "id", else "caption <k>"
    std::vector<std::string> tokens;  // as given (leading spaces kept)
    std::vector<int> labels;          // tokens.size(); -1 where absent/null
    std::vector<double> confidences;  // tokens.size() or empty when absent
    std::int64_t firstRow = 0;        // row of tokens[0] in the states
};

class CaptionSet {
public:
    // InputError "captions.jsonl: line 3: labels has 5 values for 6 tokens" and the like; the
    // total token count must equal the states' T ("states have 120 rows, captions 118 tokens").
    static CaptionSet open(const std::filesystem::path& captions,
                           const std::filesystem::path& states);
    // In memory (the demo): states [L, T, d] row-major.
    static CaptionSet fromMemory(std::vector<Caption> captions, std::vector<int> layers,
                                 std::int64_t width, std::vector<float> states);
    CaptionSet(CaptionSet&&) noexcept;
    CaptionSet& operator=(CaptionSet&&) noexcept;
    ~CaptionSet();

    const std::vector<Caption>& captions() const;
    std::vector<int> layers() const;
    std::int64_t width() const;
    bool hasLayer(int layer) const;
    // InputError listing the layers the states have.
    io::HiddenMatrix states(int layer) const;  // by layer number, [T, d]

    struct Impl;

private:
    explicit CaptionSet(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::probes

// Any text as a captions JSON Lines file: parseCaptions must refuse it with an assay error or
// return captions the token view can draw without further checks (labels and confidences per
// token, rows in order); those captions then build a CaptionSet over matching in-memory states.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assay/core/error.h"
#include "caption_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<probes::Caption> captions;
    try {
        captions = probes::detail::parseCaptions(text, "fuzz.jsonl");
    } catch (const Error&) {
        return 0;  // rejected with a message: the expected outcome for malformed input
    }
    std::int64_t row = 0;
    for (const probes::Caption& c : captions) {
        if (c.tokens.empty() || c.labels.size() != c.tokens.size() || c.firstRow != row ||
            (!c.confidences.empty() && c.confidences.size() != c.tokens.size()) || c.id.empty())
            __builtin_trap();
        for (const int l : c.labels)
            if (l < -1 || l > 1) __builtin_trap();
        for (const double p : c.confidences)
            if (!(p >= 0 && p <= 1)) __builtin_trap();
        row += static_cast<std::int64_t>(c.tokens.size());
    }
    if (row > 4096) return 0;  // keep the states small
    const probes::CaptionSet set =
        probes::CaptionSet::fromMemory(captions, {0}, 1, std::vector<float>(row, 0.5f));
    if (set.states(0).rows != row) __builtin_trap();
    return 0;
}

#pragma once
// Internal to core/src/probes (and the captions fuzzer): the JSON Lines of a captions file
// parsed into Captions, with no I/O. CaptionSet::open reads the file and its states around it.
#include <string>
#include <string_view>
#include <vector>

#include "assay/probes/captions.h"

namespace assay::core::probes::detail {

// One caption per non-blank line; firstRow is the running token count. InputError
// "<label>: line 3: labels has 5 values for 6 tokens" and the like; no captions at all is one.
std::vector<Caption> parseCaptions(std::string_view text, const std::string& label);

// One caption's checks, shared by fromMemory and parseCaptions: at least one token, labels
// (−1, 0, 1) and confidences (in [0, 1]) match the tokens; labels filled with −1 when empty.
// InputError "<label>: <where>: ...".
void checkCaption(Caption& caption, const std::string& label, const std::string& where);

// Every caption checked (named by id, "caption <k>" when it has none) and firstRow set to the
// running token count. Returns the total token count.
std::int64_t normaliseCaptions(std::vector<Caption>& captions, const std::string& label);

}  // namespace assay::core::probes::detail

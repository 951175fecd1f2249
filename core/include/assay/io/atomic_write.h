#pragma once
// The one way Assay writes result files: a temporary file in the target's directory, written,
// fsync'ed, then renamed over the target. Readers see the old file or the new one, never half.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace assay::core::io {

// Throws OutputError("<path>: <reason>") on any failure; the temporary file is removed then.
void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes);
// Same, for content in several pieces (e.g. a header and large tensor buffers) without
// joining them into one copy first.
void writePiecesAtomically(const std::filesystem::path& path,
                           const std::vector<std::string_view>& pieces);

}  // namespace assay::core::io

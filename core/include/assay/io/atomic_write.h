#pragma once
// The one way Assay writes result files: a temporary file in the target's directory, written,
// fsync'ed, then renamed over the target. Readers see the old file or the new one, never half.
// Missing folders are created. The temporary is named ".<name>.tmp-<pid>-XXXXXX"; one left by a
// writer that died before its rename (kill -9) is removed by the next write of the same target
// once no process with that pid runs.
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

// Creates `dir` (the folder of `target`) and its missing parents. OutputError names `target`
// and why: a component that is a file, or the system's reason (permission, read-only, ...).
void createFolders(const std::filesystem::path& target, const std::filesystem::path& dir);

// ".<name>.tmp-": the start of every temporary Assay writes for `path`.
std::string temporaryPrefix(const std::filesystem::path& path);

// Removes `path`'s temporaries of Assay's naming whose writer (the pid in the name) is gone.
void removeStaleTemporaries(const std::filesystem::path& path);

}  // namespace assay::core::io

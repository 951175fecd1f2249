#pragma once
// Runs tests/prune_capture/capture_tiny_moe.py (Debian's python3-torch, no transformers) so a
// test gets a tiny PyTorch-made checkpoint of one family with its captured block inputs and
// outputs. `out` receives checkpoint/, calib.safetensors and outputs.safetensors (see the
// script's docstring for the options: --layers, --experts, --top-k, --shards, --dtype, ...).
#include <cstdlib>
#include <filesystem>
#include <string>

namespace assay::core::prune::test {

inline bool pythonHasTorch() {
    return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

// family: "mixtral", "qwen2_moe" or "olmoe". Returns the exit status (0 on success); out is
// emptied first.
inline int captureTinyModel(const std::string& family, const std::string& options,
                            const std::filesystem::path& out) {
    std::error_code ec;
    std::filesystem::remove_all(out, ec);
    const std::string cmd = "/usr/bin/python3 '" ASSAY_SOURCE_DIR
                            "/tests/prune_capture/capture_tiny_moe.py' --family " +
                            family + " --out '" + out.string() + "' " + options + " >/dev/null";
    return std::system(cmd.c_str());
}

}  // namespace assay::core::prune::test

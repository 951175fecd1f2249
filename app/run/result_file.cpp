#include "result_file.h"

#include <filesystem>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/sha256.h"

namespace assay::app {

ResultFormat resultFormat(const std::string& out) {
    const std::string ext = std::filesystem::path(out).extension().string();
    if (ext == ".json") return ResultFormat::Json;
    if (ext == ".safetensors") return ResultFormat::Safetensors;
    throw core::ParameterError("--out", "'" + out + "' must end in .json or .safetensors");
}

void startHashing(const std::vector<std::string>& inputs) {
    for (const std::string& in : inputs)
        if (!in.empty()) core::io::startHash(in);
}

void writeResult(const std::string& out, const nlohmann::json& result,
                 const std::function<std::vector<core::io::TensorToWrite>()>& tensors) {
    const ResultFormat format = resultFormat(out);
    const std::filesystem::path path(out);  // missing folders: created by the atomic write
    if (format == ResultFormat::Json)
        core::io::writeFileAtomically(path, result.dump(2) + "\n");
    else
        core::io::writeSafetensors(path, tensors(), {{"assay", result.dump()}});
}

}  // namespace assay::app

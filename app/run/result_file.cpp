#include "result_file.h"

#include <filesystem>
#include <system_error>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"

namespace assay::app {

ResultFormat resultFormat(const std::string& out) {
    const std::string ext = std::filesystem::path(out).extension().string();
    if (ext == ".json") return ResultFormat::Json;
    if (ext == ".safetensors") return ResultFormat::Safetensors;
    throw core::ParameterError("--out", "'" + out + "' must end in .json or .safetensors");
}

void writeResult(const std::string& out, const nlohmann::json& result,
                 const std::function<std::vector<core::io::TensorToWrite>()>& tensors) {
    const ResultFormat format = resultFormat(out);
    const std::filesystem::path path(out);
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            throw core::OutputError(path.parent_path().string() +
                                    ": cannot create the folder: " + ec.message());
    }
    if (format == ResultFormat::Json)
        core::io::writeFileAtomically(path, result.dump(2) + "\n");
    else
        core::io::writeSafetensors(path, tensors(), {{"assay", result.dump()}});
}

}  // namespace assay::app

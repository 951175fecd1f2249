#pragma once
// The one way assay-run writes a result: `.json` (the result, indented) or `.safetensors` (the
// command's tensors, with the result JSON in metadata "assay"), atomically, creating missing
// folders like `assay render`. Commands check the name before computing anything.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assay/io/safetensors.h"

namespace assay::app {

enum class ResultFormat { Json, Safetensors };

// ParameterError ("--out: ... must end in .json or .safetensors") for any other name.
ResultFormat resultFormat(const std::string& out);

// Starts hashing the command's input files (for its provenance) on their own threads, so the
// hash overlaps the analysis; makeProvenance later picks them up. Empty names are skipped.
void startHashing(const std::vector<std::string>& inputs);

// `tensors` is only called for safetensors output.
void writeResult(const std::string& out, const nlohmann::json& result,
                 const std::function<std::vector<core::io::TensorToWrite>()>& tensors);

}  // namespace assay::app

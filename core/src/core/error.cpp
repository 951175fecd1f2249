#include "assay/core/error.h"

namespace assay::core {

InputError::InputError(const std::string& file, const std::string& field,
                       const std::string& problem)
    : Error(file + ": " + (field.empty() ? std::string() : field + ": ") + problem) {}

ParameterError::ParameterError(const std::string& name, const std::string& problem)
    : Error(name + ": " + problem) {}

}  // namespace assay::core

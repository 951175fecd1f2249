#pragma once
// The one exception family of Assay. Every message names what was wrong where, so that the
// window can show it non-modally and the command lines can print it and exit with code 2.
#include <stdexcept>
#include <string>

namespace assay::core {

// Base of every error Assay throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file or table the user brought is not what was expected.
// Message: "<file>: <field>: <expectation>", e.g.
// "trace.safetensors: layers.3.topk_idx: has dtype F32, expected an integer type".
class InputError : public Error {
public:
    InputError(const std::string& file, const std::string& field, const std::string& problem);
    explicit InputError(const std::string& message) : Error(message) {}
};

// A parameter is out of range ("alpha: 1.5 is outside (0, 1)").
class ParameterError : public Error {
public:
    ParameterError(const std::string& name, const std::string& problem);
};

// A computation would not fit: the message says what would fit.
class ResourceError : public Error {
public:
    using Error::Error;
};

// Writing a result or figure failed (nothing half-written is left behind).
class OutputError : public Error {
public:
    using Error::Error;
};

}  // namespace assay::core

#pragma once
// Helpers the calibration-input tests share: a scratch folder per test program and process, and
// the message of an expected InputError.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "assay/core/error.h"

namespace assay::core::conformal::test {

// <tmp>/assay_<program>_<pid>/<name>, the folder created.
inline std::filesystem::path scratchPath(const std::string& program, const std::string& name) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("assay_" + program + "_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

// The message of the InputError that f throws, or "" (and a failure) when it throws none.
template <class F>
std::string inputError(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return {};
}

}  // namespace assay::core::conformal::test

#pragma once
// Scratch folders and error-message checks for the pruning io tests.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "../io/io_test_util.h"

namespace assay::core::prune::test {

// The io tests' scratch folder (removed at the end).
using Scratch = io::test::ScratchDir;

// The message of the exception of type E that f throws (fails the test if none is thrown).
template <typename E>
std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an exception";
    return {};
}

}  // namespace assay::core::prune::test

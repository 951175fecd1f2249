#pragma once
// The message of the exception a call throws, for tests that check what an error says.
#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace assay::core::test {

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

}  // namespace assay::core::test

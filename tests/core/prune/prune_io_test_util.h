#pragma once
// Scratch folders and error-message checks for the pruning io tests.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "../io/expect_error.h"
#include "../io/io_test_util.h"

namespace assay::core::prune::test {

// The io tests' scratch folder (removed at the end).
using Scratch = io::test::ScratchDir;

using assay::core::test::messageOf;

}  // namespace assay::core::prune::test

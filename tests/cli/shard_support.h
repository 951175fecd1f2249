#pragma once
// What the sharded-run tests compare: a result without its provenance (the only part a merge
// writes differently), and two safetensors results tensor by tensor, byte for byte.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "assay/io/tensor_file.h"

namespace assay::test {

inline nlohmann::json withoutProvenance(const std::filesystem::path& file) {
    nlohmann::json j = nlohmann::json::parse(std::ifstream(file));
    j.erase("provenance");
    return j;
}

inline void expectSameTensors(const std::filesystem::path& expected,
                              const std::filesystem::path& actual) {
    const core::io::TensorFile e = core::io::TensorFile::open(expected);
    const core::io::TensorFile a = core::io::TensorFile::open(actual);
    ASSERT_EQ(a.tensors().size(), e.tensors().size());
    for (const auto& t : e.tensors()) {
        const auto& m = a.require(t.name);
        ASSERT_EQ(m.byteLength, t.byteLength) << t.name;
        EXPECT_EQ(std::memcmp(a.rawData(t.name), e.rawData(t.name), t.byteLength), 0)
            << t.name << " differs";
    }
}

}  // namespace assay::test

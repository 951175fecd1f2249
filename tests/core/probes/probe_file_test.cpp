// The probe file: written in safetensors and .npz and read back equal (values, layers, metadata,
// extra tensors ignored by the reader, optional means); readable by NumPy with the metadata
// JSON; refusals for foreign files, shapes that disagree, non-finite weights, bad extensions.
#include "assay/probes/probe_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "probe_io_test_util.h"

namespace assay::core::probes {
namespace {

using core::test::messageOf;

ProbeFile sampleProbe(bool means) {
    ProbeFile p;
    p.layers = {4, 9};
    p.width = 3;
    const std::vector<double> v = test::exactValues(6, 2);
    p.weights = v;
    p.bias = {0.5, -1.25};
    p.direction = {1, 0, 0, 0, 0.6, 0.8};
    p.probeDirection = {0, 1, 0, 0.8, 0.6, 0};
    p.sigma = {2.5, 0.125};
    p.sigmaProbe = {1.5, 3};
    if (means) {
        p.meanReal = test::exactValues(6, 3);
        p.meanHallucinated = test::exactValues(6, 4);
    }
    p.metadata = {{"C", "1"}, {"seed", "7"}, {"split", "seeded"}};
    return p;
}

void expectEqual(const ProbeFile& a, const ProbeFile& b) {
    EXPECT_EQ(a.layers, b.layers);
    EXPECT_EQ(a.width, b.width);
    EXPECT_EQ(a.weights, b.weights);
    EXPECT_EQ(a.bias, b.bias);
    EXPECT_EQ(a.direction, b.direction);
    EXPECT_EQ(a.probeDirection, b.probeDirection);
    EXPECT_EQ(a.sigma, b.sigma);
    EXPECT_EQ(a.sigmaProbe, b.sigmaProbe);
    EXPECT_EQ(a.meanReal, b.meanReal);
    EXPECT_EQ(a.meanHallucinated, b.meanHallucinated);
}

class ProbeFileRoundTrip : public ::testing::TestWithParam<std::tuple<std::string, bool>> {};

TEST_P(ProbeFileRoundTrip, ReadsBackWhatWasWritten) {
    const auto [ext, means] = GetParam();
    test::Scratch dir;
    const ProbeFile p = sampleProbe(means);
    const auto path = dir / ("probe" + ext);
    writeProbeFile(path, p, {{"auroc", {2}, {0.75, 0.5}}});
    const ProbeFile q = readProbeFile(path);
    expectEqual(p, q);
    EXPECT_EQ(q.metadata.at("format"), "assay-probe");
    EXPECT_EQ(q.metadata.at("normalisation"), "none");
    EXPECT_EQ(q.metadata.at("width"), "3");
    EXPECT_EQ(q.metadata.at("seed"), "7");
    EXPECT_EQ(q.position(9), 1);
    EXPECT_EQ(q.position(5), -1);
    const io::TensorFile f = io::TensorFile::open(path);
    EXPECT_EQ(f.toDoubles("auroc"), (std::vector<double>{0.75, 0.5}));
    EXPECT_EQ(f.require("direction").shape, (std::vector<std::int64_t>{2, 3}));
}

INSTANTIATE_TEST_SUITE_P(BothFormats, ProbeFileRoundTrip,
                         ::testing::Combine(::testing::Values(".safetensors", ".npz"),
                                            ::testing::Bool()));

TEST(ProbeFile, NumpyReadsTheNpzExport) {
    if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "/usr/bin/python3 has no numpy";
    test::Scratch dir;
    writeProbeFile(dir / "p.npz", sampleProbe(false));
    io::test::writeBytes(dir / "check.py", R"(
import sys, json, numpy as np
z = np.load(sys.argv[1])
meta = json.loads(bytes(z['metadata_json']).decode())
assert meta['format'] == 'assay-probe' and meta['seed'] == '7', meta
assert list(z['layer_index']) == [4, 9]
d = z['direction']
assert d.shape == (2, 3) and abs(np.linalg.norm(d[1]) - 1) < 1e-12
)");
    const std::string command =
        "/usr/bin/python3 '" + (dir / "check.py").string() + "' '" + (dir / "p.npz").string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
}

std::string readError(const std::vector<io::TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    test::Scratch dir;
    io::writeSafetensors(dir / "bad.safetensors", tensors, metadata);
    return messageOf<InputError>([&] { readProbeFile(dir / "bad.safetensors"); });
}

TEST(ProbeFile, RefusesForeignAndMalformedFiles) {
    auto has = [](const std::string& m, const std::string& part) {
        EXPECT_NE(m.find(part), std::string::npos) << m;
    };
    const std::map<std::string, std::string> meta = {{"format", "assay-probe"}};
    auto standard = [] {
        std::vector<io::TensorToWrite> t;
        t.push_back(io::tensorFromInt64("layer_index", {0, 1}, {2}));
        t.push_back(io::tensorFromDoubles("weights", {1, 2, 3, 4}, {2, 2}));
        t.push_back(io::tensorFromDoubles("bias", {0, 0}, {2}));
        t.push_back(io::tensorFromDoubles("direction", {1, 0, 0, 1}, {2, 2}));
        t.push_back(io::tensorFromDoubles("probe_direction", {1, 0, 0, 1}, {2, 2}));
        t.push_back(io::tensorFromDoubles("sigma", {1, 1}, {2}));
        t.push_back(io::tensorFromDoubles("sigma_probe", {1, 1}, {2}));
        return t;
    };
    has(readError(standard(), {}), "bad.safetensors: metadata.format: missing: not an Assay probe");
    has(readError(standard(), {{"format", "other"}}), "metadata.format: is 'other'");
    auto t = standard();
    t[1] = io::tensorFromDoubles("weights", {1, 2, 3, 4, 5, 6}, {3, 2});
    has(readError(t, meta), "weights: shape [3, 2], expected [L=2, d]");
    t = standard();
    t[3] = io::tensorFromDoubles("direction", {1, 0, 0}, {1, 3});
    has(readError(t, meta), "direction: shape [1, 3], expected [2, 2]");
    t = standard();
    t[1] = io::tensorFromDoubles("weights", {1, std::nan(""), 3, 4}, {2, 2});
    has(readError(t, meta), "weights: element 1 is not finite");
    t = standard();
    t.erase(t.begin() + 5);
    has(readError(t, meta), "sigma");
    // Writing: a wrong extension or inconsistent sizes write nothing.
    test::Scratch dir;
    {
        test::Scratch ok;
        io::writeSafetensors(ok / "ok.safetensors", standard(), meta);
        EXPECT_EQ(readProbeFile(ok / "ok.safetensors").width, 2);  // the fixture itself is valid
    }
    EXPECT_THROW(writeProbeFile(dir / "p.json", sampleProbe(false)), OutputError);
    ProbeFile p = sampleProbe(false);
    p.bias.pop_back();
    EXPECT_THROW(writeProbeFile(dir / "p.safetensors", p), OutputError);
    p = sampleProbe(false);
    EXPECT_THROW(writeProbeFile(dir / "p.npz", p, {{"weights", {1}, {1}}}), OutputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace assay::core::probes

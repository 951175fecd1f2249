// ScriptModule: modules built and saved in C++ (the module's test entry), loaded back and run,
// against the same arithmetic in plain C++; and the errors for what cannot be loaded or run.
#include "assay/core/script_module.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "script_backend.h"

namespace assay::core {
namespace {

using io::test::ScratchDir;

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

FloatTensor tensor(std::vector<std::int64_t> shape, std::size_t seed) {
    FloatTensor t;
    t.shape = std::move(shape);
    t.data.resize(static_cast<std::size_t>(t.numel()));
    for (std::size_t i = 0; i < t.data.size(); ++i)
        t.data[i] = static_cast<float>(((i * 7 + seed * 13) % 19) - 9) / 4.0f;
    return t;
}

const char* kLinear =
    "def forward(self, x):\n    return torch.matmul(x, self.weight.t()) + self.bias\n";

TEST(ScriptModule, LinearEqualsPlainLoops) {
    ScratchDir dir;
    const FloatTensor w = tensor({4, 3}, 1), b = tensor({4}, 2), x = tensor({2, 3}, 3);
    detail::saveScriptModule(dir / "linear.pt", kLinear, {{"weight", w}, {"bias", b, true}});
    const ScriptModule m = ScriptModule::load(dir / "linear.pt");
    EXPECT_EQ(m.path(), dir / "linear.pt");
    const FloatTensor y = m.forward(x);
    ASSERT_EQ(y.shape, (std::vector<std::int64_t>{2, 4}));
    for (int r = 0; r < 2; ++r)
        for (int o = 0; o < 4; ++o) {
            double want = b.data[std::size_t(o)];
            for (int i = 0; i < 3; ++i)
                want += double(x.data[std::size_t(r * 3 + i)]) * w.data[std::size_t(o * 3 + i)];
            EXPECT_NEAR(y.data[std::size_t(r * 4 + o)], want, 1e-5);
        }
}

TEST(ScriptModule, RunsInEvalModeWithoutGrad) {
    ScratchDir dir;
    detail::saveScriptModule(dir / "m.pt",
                             "def forward(self, x):\n"
                             "    y = x * self.scale\n"
                             "    if self.training:\n"
                             "        return y * 0.0\n"
                             "    if y.requires_grad:\n"
                             "        return y * 0.0 - 1.0\n"
                             "    return y.double()\n",
                             {{"scale", tensor({1}, 5)}});
    const FloatTensor x = tensor({3}, 4);
    const FloatTensor y = ScriptModule::load(dir / "m.pt").forward(x);
    const float scale = tensor({1}, 5).data[0];
    ASSERT_EQ(y.data.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_FLOAT_EQ(y.data[i], x.data[i] * scale);
}

TEST(ScriptModule, NonFloatOutputsAreNamed) {
    ScratchDir dir;
    detail::saveScriptModule(dir / "tuple.pt", "def forward(self, x):\n    return (x, x)\n", {});
    detail::saveScriptModule(dir / "long.pt", "def forward(self, x):\n    return x.long()\n", {});
    const FloatTensor x = tensor({2}, 1);
    std::string m = messageOf<InputError>([&] { ScriptModule::load(dir / "tuple.pt").forward(x); });
    EXPECT_NE(m.find("tuple.pt: forward returned a Tuple, expected a float tensor"),
              std::string::npos)
        << m;
    m = messageOf<InputError>([&] { ScriptModule::load(dir / "long.pt").forward(x); });
    EXPECT_NE(m.find("long.pt: forward returned a Long tensor"), std::string::npos) << m;
}

TEST(ScriptModule, ForwardFailureNamesTheInputShape) {
    ScratchDir dir;
    detail::saveScriptModule(dir / "linear.pt", kLinear,
                             {{"weight", tensor({4, 3}, 1)}, {"bias", tensor({4}, 2)}});
    const ScriptModule m = ScriptModule::load(dir / "linear.pt");
    const std::string msg = messageOf<InputError>([&] { m.forward(tensor({2, 5}, 1)); });
    EXPECT_NE(msg.find("linear.pt: forward on input [2, 5] failed: "), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;  // one line, no traceback
    FloatTensor bad = tensor({2, 3}, 1);
    bad.data.pop_back();
    EXPECT_THROW(m.forward(bad), ParameterError);
}

TEST(ScriptModule, UnreadableFilesSayWhichLibTorch) {
    ScratchDir dir;
    io::test::writeBytes(dir / "junk.pt", "not a TorchScript archive");
    std::string m = messageOf<InputError>([&] { ScriptModule::load(dir / "junk.pt"); });
    EXPECT_NE(m.find("junk.pt: cannot be loaded by this LibTorch (1."), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    m = messageOf<InputError>([&] { ScriptModule::load(dir / "missing.pt"); });
    EXPECT_NE(m.find("missing.pt: cannot open"), std::string::npos) << m;
    EXPECT_THROW(
        detail::saveScriptModule(dir / "x.pt", "def forward(self, x):\n    return y\n", {}), Error);
}

// A module written by a newer PyTorch: the same archive with its format version raised, as
// PyTorch 2.x's archives are to 1.13 (rewritten with Python's zipfile).
TEST(ScriptModule, NewerArchiveVersionIsRefusedClearly) {
    if (std::system("/usr/bin/python3 -c 'import zipfile' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "no /usr/bin/python3";
    ScratchDir dir;
    detail::saveScriptModule(dir / "old.pt", kLinear,
                             {{"weight", tensor({4, 3}, 1)}, {"bias", tensor({4}, 2)}});
    std::ofstream(dir / "bump.py")
        << "import sys, zipfile\n"
           "src = zipfile.ZipFile(sys.argv[1])\n"
           "dst = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_STORED)\n"
           "for i in src.infolist():\n"
           "    data = src.read(i.filename)\n"
           "    if i.filename.endswith('/version'):\n"
           "        data = b'99\\n'\n"
           "    dst.writestr(i, data)\n"
           "dst.close()\n";
    const std::string cmd = "/usr/bin/python3 '" + (dir / "bump.py").string() + "' '" +
                            (dir / "old.pt").string() + "' '" + (dir / "new.pt").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const std::string m = messageOf<InputError>([&] { ScriptModule::load(dir / "new.pt"); });
    EXPECT_NE(m.find("new.pt: cannot be loaded by this LibTorch (1."), std::string::npos) << m;
    EXPECT_NE(m.find("): Attempted to read a PyTorch file with version 99"), std::string::npos)
        << m;
}

}  // namespace
}  // namespace assay::core

// Models (model.h): linear / logistic from arrays and files, the MLP against hand arithmetic,
// TorchScript modules built and saved in C++, functions, evaluateRows, and the errors.
#include <gtest/gtest.h>

#include <cmath>

#include "../io/expect_error.h"
#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/explain/explanation.h"
#include "assay/io/safetensors.h"
#include "script_backend.h"
#include "shap_test_util.h"

namespace assay::core::explain {
namespace {

using core::test::messageOf;
using io::test::ScratchDir;

TEST(LinearModel, LinksMatchHandArithmetic) {
    const std::vector<double> W = {1, 2, -1, 0.5, 0, 3}, b = {0.1, -0.2}, x = {1, -1, 2};
    const double z0 = 0.1 + 1 - 2 - 2, z1 = -0.2 + 0.5 + 6;
    double out[2];
    linearModel(W, b, 2, 3, OutputLink::Identity)->evaluate(x.data(), 1, out);
    EXPECT_DOUBLE_EQ(out[0], z0);
    EXPECT_DOUBLE_EQ(out[1], z1);
    linearModel(W, b, 2, 3, OutputLink::Softmax)->evaluate(x.data(), 1, out);
    EXPECT_NEAR(out[0], std::exp(z0) / (std::exp(z0) + std::exp(z1)), 1e-15);
    EXPECT_NEAR(out[0] + out[1], 1.0, 1e-15);
    linearModel({1, 2, -1}, {}, 1, 3, OutputLink::Sigmoid)->evaluate(x.data(), 1, out);
    EXPECT_NEAR(out[0], 1 / (1 + std::exp(3.0)), 1e-15);
    const double big[3] = {800, 0, 0};
    linearModel({1, 0, 0}, {}, 1, 3, OutputLink::Sigmoid)->evaluate(big, 1, out);
    EXPECT_EQ(out[0], 1.0);
    EXPECT_EQ(outputLinkFromName("softmax"), OutputLink::Softmax);
    EXPECT_STREQ(outputLinkName(OutputLink::Sigmoid), "sigmoid");
    EXPECT_THROW(outputLinkFromName("relu"), ParameterError);
    EXPECT_EQ(methodFromName("kernelshap"), Method::KernelShap);
    EXPECT_THROW(methodFromName("shap"), ParameterError);
}

TEST(LinearModel, LoadsSafetensorsAndNpyWithDefaultLinks) {
    ScratchDir dir;
    io::writeSafetensors(dir / "w.safetensors",
                         {io::tensorFromDoubles("W", {1, 2, 3, 4, 5, 6}, {2, 3}),
                          io::tensorFromDoubles("b", {1, -1}, {2})},
                         {});
    const auto m = loadLinearModel(dir / "w.safetensors", std::nullopt, std::nullopt);
    EXPECT_EQ(m->inputs(), 3);
    EXPECT_EQ(m->outputs(), 2);
    EXPECT_EQ(m->describe(), "linear W[2,3] softmax");
    const double x[3] = {1, 0, 0};
    double out[2];
    loadLinearModel(dir / "w.safetensors", std::nullopt, OutputLink::Identity)->evaluate(x, 1, out);
    EXPECT_EQ(out[0], 2.0);
    EXPECT_EQ(out[1], 3.0);
    const std::vector<double> w1 = {0.5, -1, 2};
    io::test::writeBytes(dir / "w1.npy",
                         io::test::npyBytes(1, "<f8", false, "(3,)", io::test::bytesOf(w1)));
    io::test::writeBytes(
        dir / "b1.npy",
        io::test::npyBytes(1, "<f8", false, "(1,)", io::test::bytesOf(std::vector<double>{1})));
    const auto s = loadLinearModel(dir / "w1.npy", dir / "b1.npy", std::nullopt);
    EXPECT_EQ(s->outputs(), 1);
    s->evaluate(x, 1, out);
    EXPECT_NEAR(out[0], 1 / (1 + std::exp(-1.5)), 1e-15);
    std::string msg = messageOf<InputError>(
        [&] { loadLinearModel(dir / "w.safetensors", dir / "b1.npy", std::nullopt); });
    EXPECT_NE(msg.find("b1.npy: b1: 1 values, expected C = 2"), std::string::npos) << msg;
    io::writeSafetensors(dir / "bad.safetensors",
                         {io::tensorFromDoubles("W", std::vector<double>(8), {2, 2, 2})}, {});
    msg = messageOf<InputError>(
        [&] { loadLinearModel(dir / "bad.safetensors", std::nullopt, std::nullopt); });
    EXPECT_NE(msg.find("bad.safetensors: W: shape [2, 2, 2], expected [C, D] or [D]"),
              std::string::npos)
        << msg;
}

TEST(MlpModel, MatchesHandForwardAndRandomisesWithSameScale) {
    std::vector<DenseLayer> layers = {{2, 2, {1, -1, 0.5, 2}, {0, 1}}, {2, 1, {1, -2}, {0.5}}};
    const auto relu = mlpModel(layers, Activation::Relu, OutputLink::Identity);
    const double x[4] = {1, 2, -3, 0};
    double out[2];
    relu->evaluate(x, 2, out);
    // row 1: h = relu(1−2, 0.5+4+1) = (0, 5.5) → 0.5 − 11; row 2: h = relu(−3, −1.5+1) = 0 → 0.5
    EXPECT_DOUBLE_EQ(out[0], -10.5);
    EXPECT_DOUBLE_EQ(out[1], 0.5);
    const auto tanhModel = mlpModel(layers, Activation::Tanh, OutputLink::Sigmoid);
    tanhModel->evaluate(x, 1, out);
    const double h0 = std::tanh(-1.0), h1 = std::tanh(5.5);
    EXPECT_NEAR(out[0], 1 / (1 + std::exp(-(0.5 + h0 - 2 * h1))), 1e-15);
    const auto r1 = relu->randomised(4), r2 = relu->randomised(4), r3 = relu->randomised(5);
    double a[2], b[2], c[2];
    r1->evaluate(x, 2, a);
    r2->evaluate(x, 2, b);
    r3->evaluate(x, 2, c);
    EXPECT_EQ(a[0], b[0]);
    EXPECT_NE(a[0], c[0]);
    EXPECT_NE(a[0], out[0]);
    layers[1].in = 3;
    EXPECT_THROW(mlpModel(layers, Activation::Relu, OutputLink::Identity), ParameterError);
}

TEST(MlpModel, BlockedKernelEqualsPlainLoopsForAnyRowCount) {
    const int D = 7, H = 13, C = 3;
    std::vector<DenseLayer> layers(3);
    layers[0] = {D, H, test::gaussian(D * H, 1), test::gaussian(H, 2)};
    layers[1] = {H, H, test::gaussian(H * H, 3), test::gaussian(H, 4)};
    layers[2] = {H, C, test::gaussian(H * C, 5), test::gaussian(C, 6)};
    for (Activation act : {Activation::Relu, Activation::Tanh}) {
        const auto model = mlpModel(layers, act, OutputLink::Identity);
        for (std::int64_t n : {1, 15, 17, 128, 300}) {
            const std::vector<double> X = test::gaussian(std::size_t(n * D), 7 + n);
            std::vector<double> out(std::size_t(n * C));
            model->evaluate(X.data(), n, out.data());
            for (std::int64_t r = 0; r < n; ++r) {
                std::vector<double> h(X.begin() + r * D, X.begin() + (r + 1) * D);
                for (std::size_t li = 0; li < layers.size(); ++li) {
                    const DenseLayer& l = layers[li];
                    std::vector<double> y(std::size_t(l.out));
                    for (int o = 0; o < l.out; ++o) {
                        double s = l.b[o];
                        for (int i = 0; i < l.in; ++i) s += l.W[o * l.in + i] * h[i];
                        if (li + 1 < layers.size())
                            s = act == Activation::Relu ? std::max(s, 0.0) : std::tanh(s);
                        y[o] = s;
                    }
                    h = y;
                }
                for (int c = 0; c < C; ++c) EXPECT_EQ(out[r * C + c], h[c]) << n << " " << r;
            }
        }
    }
}

TEST(ScriptModel, RunsBatchesAndReportsShapes) {
    ScratchDir dir;
    FloatTensor w{{3}, {1.0f, -2.0f, 0.5f}};
    detail::saveScriptModule(
        dir / "dot.pt", "def forward(self, x):\n    return torch.matmul(x, self.w)\n", {{"w", w}});
    detail::saveScriptModule(dir / "two.pt",
                             "def forward(self, x):\n    return torch.stack([x.sum(1), "
                             "x[:, 0]], 1)\n",
                             {});
    detail::saveScriptModule(dir / "cube.pt", "def forward(self, x):\n    return x.unsqueeze(0)\n",
                             {});
    const auto dot = loadScriptModel(dir / "dot.pt", 3);
    EXPECT_EQ(dot->outputs(), 1);
    std::vector<double> rows = {1, 1, 1, 2, 0, -4}, out;
    evaluateRows(*dot, rows.data(), 2, out);
    EXPECT_NEAR(out[0], -0.5, 1e-6);
    EXPECT_NEAR(out[1], 0.0, 1e-6);
    const auto two = loadScriptModel(dir / "two.pt", 3);
    EXPECT_EQ(two->outputs(), 2);
    evaluateRows(*two, rows.data(), 2, out);
    EXPECT_EQ(out, (std::vector<double>{3, 1, -2, 2}));
    const std::string m = messageOf<InputError>([&] { loadScriptModel(dir / "cube.pt", 3); });
    EXPECT_NE(m.find("cube.pt: the model maps [1, 3] to [1, 1, 3], expected [1] or [1, C]"),
              std::string::npos)
        << m;
    EXPECT_THROW(loadScriptModel(dir / "dot.pt", 4), InputError);
}

TEST(FunctionModel, EvaluateRowsBatches) {
    int calls = 0;
    class Counting : public Model {
    public:
        explicit Counting(int& calls) : m_calls(calls) {}
        int inputs() const override { return 1; }
        int outputs() const override { return 1; }
        void evaluate(const double* r, std::int64_t n, double* o) const override {
            ++m_calls;
            for (std::int64_t i = 0; i < n; ++i) o[i] = 2 * r[i];
        }
        std::int64_t preferredBatch() const override { return 4; }
        std::string describe() const override { return "counting"; }

    private:
        int& m_calls;
    } model(calls);
    std::vector<double> rows = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, out;
    evaluateRows(model, rows.data(), 10, out);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(out[9], 20.0);
    EXPECT_THROW(functionModel(
                     0, 1, [](const double*, std::int64_t, double*) {}, "x"),
                 ParameterError);
}

}  // namespace
}  // namespace assay::core::explain

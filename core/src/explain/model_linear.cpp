// Linear / logistic models (model.h): out = link(W·x + b), from arrays or from weight files.
#include <cmath>
#include <sstream>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/io/tensor_file.h"
#include "model_internal.h"

namespace assay::core::explain {
namespace {

class LinearModel final : public Model {
public:
    LinearModel(std::vector<double> W, std::vector<double> b, int C, int D, OutputLink link)
        : m_W(std::move(W)), m_b(std::move(b)), m_C(C), m_D(D), m_link(link) {}
    int inputs() const override { return m_D; }
    int outputs() const override { return m_C; }
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        detail::checkEvaluateArgs("linear model", rows, n, out);
        for (std::int64_t r = 0; r < n; ++r) {
            const double* x = rows + r * m_D;
            for (int c = 0; c < m_C; ++c) {
                const double* w = m_W.data() + static_cast<std::size_t>(c) * m_D;
                double s = m_b[c];
                for (int d = 0; d < m_D; ++d) s += w[d] * x[d];
                out[r * m_C + c] = s;
            }
        }
        detail::applyLink(m_link, out, n, m_C);
    }
    std::string describe() const override {
        std::ostringstream s;
        s << "linear W[" << m_C << "," << m_D << "] " << outputLinkName(m_link);
        return s.str();
    }
    // Redrawn as N(0, rms²) per entry, rms = the trained weights' root mean square, so the
    // randomised model has the trained one's scale.
    std::unique_ptr<Model> randomised(std::uint64_t seed) const override {
        SplitMix64 rng(seed);
        auto redraw = [&rng](std::vector<double> v) {
            double ss = 0;
            for (double x : v) ss += x * x;
            const double rms = v.empty() ? 0.0 : std::sqrt(ss / static_cast<double>(v.size()));
            for (double& x : v) x = rng.normal() * rms;
            return v;
        };
        std::vector<double> W = redraw(m_W);
        std::vector<double> b = redraw(m_b);
        return std::make_unique<LinearModel>(std::move(W), std::move(b), m_C, m_D, m_link);
    }

private:
    std::vector<double> m_W, m_b;
    int m_C, m_D;
    OutputLink m_link;
};

void requireFinite(const std::vector<double>& v, const std::string& file, const std::string& what) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw InputError(file, what, "entry " + std::to_string(i) + " is not finite");
}

}  // namespace

std::unique_ptr<Model> linearModel(std::vector<double> W, std::vector<double> b, int C, int D,
                                   OutputLink link) {
    if (C < 1 || D < 1)
        throw ParameterError("linear model", "shape [" + std::to_string(C) + "," +
                                                 std::to_string(D) + "], expected C, D ≥ 1");
    if (W.size() != static_cast<std::size_t>(C) * D)
        throw ParameterError("linear model W",
                             std::to_string(W.size()) + " values, expected C·D = " +
                                 std::to_string(static_cast<std::int64_t>(C) * D));
    if (b.empty()) b.assign(static_cast<std::size_t>(C), 0.0);
    if (b.size() != static_cast<std::size_t>(C))
        throw ParameterError("linear model b", std::to_string(b.size()) +
                                                   " values, expected C = " + std::to_string(C));
    requireFinite(W, "linear model", "W");
    requireFinite(b, "linear model", "b");
    if (link == OutputLink::Softmax && C < 2)
        throw ParameterError("output", "softmax needs C ≥ 2 outputs, the weights have 1");
    return std::make_unique<LinearModel>(std::move(W), std::move(b), C, D, link);
}

std::unique_ptr<Model> loadLinearModel(const std::filesystem::path& weightsPath,
                                       const std::optional<std::filesystem::path>& biasPath,
                                       std::optional<OutputLink> link) {
    const std::string file = weightsPath.filename().string();
    const io::TensorFile tf = io::TensorFile::open(weightsPath);
    const bool single = tf.tensors().size() == 1 && tf.find("W") == nullptr;
    const io::TensorInfo& wInfo = single ? tf.tensors().front() : tf.require("W");
    int C = 1, D = 0;
    if (wInfo.shape.size() == 1) {
        D = static_cast<int>(wInfo.shape[0]);
    } else if (wInfo.shape.size() == 2) {
        C = static_cast<int>(wInfo.shape[0]);
        D = static_cast<int>(wInfo.shape[1]);
    } else {
        throw InputError(file, wInfo.name,
                         "shape " + detail::shapeText(wInfo.shape) + ", expected [C, D] or [D]");
    }
    if (C < 1 || D < 1)
        throw InputError(file, wInfo.name,
                         "shape " + detail::shapeText(wInfo.shape) + " is empty, expected [C, D]");
    std::vector<double> W = tf.toDoubles(wInfo.name);
    requireFinite(W, file, wInfo.name);
    std::vector<double> b;
    std::string bFile = file, bName = "b";
    if (biasPath) {
        const io::TensorFile bf = io::TensorFile::open(*biasPath);
        bFile = biasPath->filename().string();
        if (bf.tensors().size() != 1)
            throw InputError(
                bFile, "",
                "holds " + std::to_string(bf.tensors().size()) + " tensors, expected one bias [C]");
        bName = bf.tensors().front().name;
        b = bf.toDoubles(bName);
    } else if (!single && tf.find("b") != nullptr) {
        b = tf.toDoubles("b");
    }
    if (!b.empty() && b.size() != static_cast<std::size_t>(C))
        throw InputError(bFile, bName,
                         std::to_string(b.size()) + " values, expected C = " + std::to_string(C) +
                             " (W is " + detail::shapeText(wInfo.shape) + ")");
    requireFinite(b, bFile, bName);
    const OutputLink chosen = link.value_or(C > 1 ? OutputLink::Softmax : OutputLink::Sigmoid);
    if (chosen == OutputLink::Softmax && C < 2)
        throw InputError(file, wInfo.name, "one output row; softmax needs C ≥ 2 (use sigmoid)");
    return linearModel(std::move(W), std::move(b), C, D, chosen);
}

}  // namespace assay::core::explain

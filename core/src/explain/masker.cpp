// The two maskers (masker.h): tabular (each absent feature from a background row, interventional
// SHAP) and grouped (absent groups of inputs set to a fill value: superpixels, words).
#include "assay/explain/masker.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"

namespace assay::core::explain {
namespace {

// width 0: a vector (names the entry); else rows of `width` (names the row and column).
void requireFinite(const std::vector<double>& v, std::size_t width, const std::string& what) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (std::isfinite(v[i])) continue;
        if (width == 0) throw InputError(what, "", "entry " + std::to_string(i) + " is not finite");
        throw InputError(what, "row " + std::to_string(i / width),
                         "column " + std::to_string(i % width) + " is not finite");
    }
}

class TabularMasker final : public Masker {
public:
    TabularMasker(std::vector<double> x, std::vector<double> bg, std::int64_t B,
                  std::vector<double> w)
        : m_x(std::move(x)), m_bg(std::move(bg)), m_B(B), m_w(std::move(w)) {}
    int features() const override { return static_cast<int>(m_x.size()); }
    int inputs() const override { return static_cast<int>(m_x.size()); }
    std::int64_t rowsPerMask() const override { return m_B; }
    void fill(const std::uint8_t* mask, double* rows) const override {
        const std::size_t D = m_x.size();
        for (std::int64_t b = 0; b < m_B; ++b) {
            const double* bg = m_bg.data() + static_cast<std::size_t>(b) * D;
            double* row = rows + static_cast<std::size_t>(b) * D;
            for (std::size_t j = 0; j < D; ++j) row[j] = mask[j] ? m_x[j] : bg[j];
        }
    }
    const std::vector<double>& rowWeights() const override { return m_w; }
    const std::vector<double>& instance() const override { return m_x; }

private:
    std::vector<double> m_x, m_bg;
    std::int64_t m_B;
    std::vector<double> m_w;
};

class GroupedMasker final : public Masker {
public:
    GroupedMasker(std::vector<double> x, std::vector<int> groups, int M, std::vector<double> fill)
        : m_x(std::move(x)), m_groups(std::move(groups)), m_M(M), m_fill(std::move(fill)) {}
    int features() const override { return m_M; }
    int inputs() const override { return static_cast<int>(m_x.size()); }
    std::int64_t rowsPerMask() const override { return 1; }
    void fill(const std::uint8_t* mask, double* rows) const override {
        for (std::size_t d = 0; d < m_x.size(); ++d) {
            const int g = m_groups[d];
            rows[d] = g < 0 || mask[g] ? m_x[d] : m_fill[d];
        }
    }
    const std::vector<double>& rowWeights() const override { return m_one; }
    const std::vector<double>& instance() const override { return m_x; }

private:
    std::vector<double> m_x;
    std::vector<int> m_groups;
    int m_M;
    std::vector<double> m_fill;
    std::vector<double> m_one{1.0};
};

}  // namespace

std::unique_ptr<Masker> tabularMasker(std::vector<double> x, std::vector<double> background,
                                      std::int64_t backgroundRows, std::vector<double> weights) {
    const std::size_t D = x.size();
    if (D == 0) throw InputError("instance", "", "has no features, expected D ≥ 1");
    if (backgroundRows < 1)
        throw InputError("background", "", "has no rows, expected at least one");
    if (background.size() != static_cast<std::size_t>(backgroundRows) * D)
        throw InputError("background", "",
                         std::to_string(background.size()) + " values for " +
                             std::to_string(backgroundRows) +
                             " rows, expected rows × D = " + std::to_string(backgroundRows) +
                             " × " + std::to_string(D) + " (D from the instance)");
    requireFinite(x, 0, "instance");
    requireFinite(background, D, "background");
    if (weights.empty())
        weights.assign(static_cast<std::size_t>(backgroundRows), 1.0 / double(backgroundRows));
    if (weights.size() != static_cast<std::size_t>(backgroundRows))
        throw InputError("background weights", "",
                         std::to_string(weights.size()) + " values, expected one per row (" +
                             std::to_string(backgroundRows) + ")");
    double sum = 0;
    for (double w : weights) {
        if (!std::isfinite(w) || w < 0)
            throw InputError("background weights", "", "hold a negative or non-finite weight");
        sum += w;
    }
    if (!(sum > 0)) throw InputError("background weights", "", "sum to 0, expected > 0");
    for (double& w : weights) w /= sum;
    return std::make_unique<TabularMasker>(std::move(x), std::move(background), backgroundRows,
                                           std::move(weights));
}

std::unique_ptr<Masker> groupedMasker(std::vector<double> x, std::vector<int> groups, int features,
                                      std::vector<double> fill) {
    const std::size_t D = x.size();
    if (D == 0) throw InputError("instance", "", "has no inputs, expected D ≥ 1");
    if (features < 1) throw ParameterError("features", std::to_string(features) + ", expected ≥ 1");
    if (groups.size() != D || fill.size() != D)
        throw InputError("grouped masker", "",
                         std::to_string(groups.size()) + " groups and " +
                             std::to_string(fill.size()) +
                             " fill values, expected one per input (" + std::to_string(D) + ")");
    for (std::size_t d = 0; d < D; ++d)
        if (groups[d] < -1 || groups[d] >= features)
            throw InputError("grouped masker", "groups",
                             "input " + std::to_string(d) + " in group " +
                                 std::to_string(groups[d]) + ", expected −1.." +
                                 std::to_string(features - 1));
    requireFinite(x, 0, "instance");
    requireFinite(fill, 0, "fill");
    return std::make_unique<GroupedMasker>(std::move(x), std::move(groups), features,
                                           std::move(fill));
}

}  // namespace assay::core::explain

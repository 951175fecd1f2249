// The real table of the Inversion view (README "Inputs"): scikit-learn's breast-cancer data
// (569 rows, 30 features) written as CSV at test time by Debian's /usr/bin/python3
// (resources/python/breast_cancer_csv.py), a logistic model fitted by `assay-run explain
// --fit-logistic` (against sklearn's LogisticRegression on the same standardised columns), and
// the checks that need no ground truth: efficiency, the dummy property (a constant column gets
// exactly 0), KernelSHAP with every coalition = exact Shapley on a 10-feature subset, and the
// stability bands of sampled KernelSHAP and LIME over seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "tests/cli/explain_cli_support.h"

namespace {

namespace fs = std::filesystem;
using namespace assay::test::explain;
using assay::test::CommandResult;

const std::string kPython = "/usr/bin/python3";
const std::string kScript =
    std::string(ASSAY_SOURCE_DIR) + "/resources/python/breast_cancer_csv.py";

int python(const std::string& args) { return std::system((kPython + " " + args).c_str()); }

// sklearn's LogisticRegression(C=1) on StandardScaler columns (ddof 0, as ours), folded back into
// W, b over the raw columns: one line "w_0 ... w_{D−1} b σ_0 ... σ_{D−1}".
std::vector<double> sklearnLogistic(const fs::path& dir, const fs::path& csv) {
    writeText(dir / "fit.py",
              "import sys, numpy as np\n"
              "from sklearn.linear_model import LogisticRegression\n"
              "d = np.genfromtxt(sys.argv[1], delimiter=',', names=True)\n"
              "names = [n for n in d.dtype.names if n != 'target']\n"
              "X = np.column_stack([d[n] for n in names]); y = d['target']\n"
              "mu = X.mean(0); sd = X.std(0); sd[sd == 0] = 1\n"
              "m = LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit((X - mu) / sd, y)\n"
              "W = m.coef_[0] / sd; b = m.intercept_[0] - (m.coef_[0] * mu / sd).sum()\n"
              "np.savetxt(sys.argv[2], np.concatenate([W, [b], sd])[None], fmt='%.17g')\n");
    EXPECT_EQ(
        python((dir / "fit.py").string() + " " + csv.string() + " " + (dir / "sk.txt").string()),
        0);
    std::ifstream in(dir / "sk.txt");
    std::vector<double> v;
    for (double x; in >> x;) v.push_back(x);
    return v;
}

class ExplainRealData : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new fs::path(scratch("cancer"));
        ASSERT_EQ(python(kScript + " " + (*dir_ / "c.csv").string() + " --dummy"), 0);
        ASSERT_EQ(python(kScript + " " + (*dir_ / "c10.csv").string() + " --features 10"), 0);
    }
    static void TearDownTestSuite() { delete dir_; }
    static fs::path* dir_;
    static CommandResult explain(const std::string& args) {
        return assay::test::runAssayRun("explain --fit-logistic target " + args);
    }
};
fs::path* ExplainRealData::dir_ = nullptr;

TEST_F(ExplainRealData, FittedLogisticEfficiencyAndDummy) {
    const fs::path out = *dir_ / "ks.safetensors";
    const CommandResult r = explain("--data " + (*dir_ / "c.csv").string() +
                                    " --method kernelshap --rows 0:6 --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    std::vector<std::int64_t> shape;
    const std::vector<double> phi = tensor(out, "attributions", &shape);
    ASSERT_EQ(shape, (std::vector<std::int64_t>{6, 31, 1}));  // 30 features + dummy
    const std::vector<double> fx = tensor(out, "fx"), ev = tensor(out, "expected_value");
    for (int row = 0; row < 6; ++row) {
        double s = 0;
        for (int j = 0; j < 31; ++j) s += phi[row * 31 + j];
        EXPECT_NEAR(s, fx[row] - ev[0], 1e-9);
        EXPECT_EQ(phi[row * 31 + 30], 0.0) << "the constant column is a dummy";
    }
    const nlohmann::json j = resultJson(out);
    EXPECT_EQ(j["feature_names"][30], "dummy");
    EXPECT_GT(j["fitted_logistic"]["train_accuracy"].get<double>(), 0.97);
    // The fit against sklearn's on the same standardised columns.
    const std::vector<double> W = tensor(out, "model_W"), b = tensor(out, "model_b");
    const std::vector<double> sk = sklearnLogistic(*dir_, *dir_ / "c.csv");
    ASSERT_EQ(sk.size(), 63u);
    EXPECT_EQ(W[30], 0.0);
    EXPECT_EQ(sk[30], 0.0);
    // On the standardised scale (w_j·σ_j), where the coefficients are comparable: within 1% of
    // the largest.
    double worst = 0, largest = 0;
    for (int k = 0; k < 31; ++k) {
        worst = std::max(worst, std::abs(W[k] - sk[k]) * sk[32 + k]);
        largest = std::max(largest, std::abs(sk[k]) * sk[32 + k]);
    }
    EXPECT_LT(worst, 1e-2 * largest) << "largest difference of w·σ from sklearn's";
    EXPECT_NEAR(b[0], sk[31], 1e-2 * largest);
    std::cout << "fitted logistic vs sklearn: max |Δw·σ| = " << worst << " (largest |w·σ| "
              << largest << ")\n";
}

TEST_F(ExplainRealData, KernelShapWithEveryCoalitionIsExactOnTenFeatures) {
    const std::string data = "--data " + (*dir_ / "c10.csv").string() + " --rows 0:10";
    const fs::path exact = *dir_ / "exact.safetensors", ks = *dir_ / "ks10.safetensors";
    CommandResult r = explain(data + " --method exact --out " + exact.string());
    ASSERT_EQ(r.code, 0) << r.output;
    // auto = 2·10 + 2048, capped at 2^10 − 2 = 1022: every coalition.
    r = explain(data + " --method kernelshap --out " + ks.string());
    ASSERT_EQ(r.code, 0) << r.output;
    const std::vector<double> a = tensor(exact, "attributions"), b = tensor(ks, "attributions");
    ASSERT_EQ(a.size(), 100u);
    EXPECT_LT(maxAbsDiff(a, b), 1e-10);
    EXPECT_EQ(tensor(exact, "expected_value"), tensor(ks, "expected_value"));
}

// Per (row, feature): mean and std over S seeds of attributions [rows, M] files.
struct Bands {
    std::vector<double> mean, sd;
};
Bands bands(const std::vector<std::vector<double>>& runs) {
    const std::size_t n = runs[0].size(), S = runs.size();
    Bands out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
    for (const auto& r : runs)
        for (std::size_t i = 0; i < n; ++i) out.mean[i] += r[i] / S;
    for (const auto& r : runs)
        for (std::size_t i = 0; i < n; ++i)
            out.sd[i] += (r[i] - out.mean[i]) * (r[i] - out.mean[i]) / (S - 1);
    for (double& v : out.sd) v = std::sqrt(v);
    return out;
}

TEST_F(ExplainRealData, StabilityBandsOverSeeds) {
    const std::string data = "--data " + (*dir_ / "c10.csv").string() + " --rows 0:4";
    const fs::path exact = *dir_ / "band_exact.safetensors";
    ASSERT_EQ(explain(data + " --method exact --out " + exact.string()).code, 0);
    const std::vector<double> truth = tensor(exact, "attributions");
    std::vector<std::vector<double>> ks, lime;
    for (int s = 0; s < 5; ++s) {
        const fs::path a = *dir_ / ("band_ks" + std::to_string(s) + ".safetensors");
        const fs::path b = *dir_ / ("band_lime" + std::to_string(s) + ".safetensors");
        CommandResult r = explain(data + " --method kernelshap --nsamples 300 --seed " +
                                  std::to_string(s) + " --out " + a.string());
        ASSERT_EQ(r.code, 0) << r.output;
        r = explain(data + " --method lime --seed " + std::to_string(s) + " --out " + b.string());
        ASSERT_EQ(r.code, 0) << r.output;
        ks.push_back(tensor(a, "attributions"));
        lime.push_back(tensor(b, "attributions"));
    }
    const Bands k = bands(ks), l = bands(lime);
    double scale = 0, ksSpread = 0, limeSpread = 0, limeScale = 0, ksBias = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        scale += std::abs(truth[i]) / truth.size();
        limeScale += std::abs(l.mean[i]) / truth.size();
        ksSpread += k.sd[i] / truth.size();
        limeSpread += l.sd[i] / truth.size();
        ksBias = std::max(ksBias, std::abs(k.mean[i] - truth[i]) - 4 * k.sd[i]);
    }
    // Sampled KernelSHAP (300 of 1022 coalitions) varies with the seed, but little, and its
    // band over seeds covers the exact value; LIME's band is narrow at 5000 samples.
    EXPECT_GT(ksSpread, 0.0);
    EXPECT_LT(ksSpread, 0.1 * scale);
    EXPECT_LT(ksBias, 0.02 * scale);
    EXPECT_GT(limeSpread, 0.0);
    EXPECT_LT(limeSpread, 0.1 * limeScale);
    std::cout << "KernelSHAP(300) spread " << ksSpread / scale << " of mean |phi|, LIME spread "
              << limeSpread / limeScale << " of mean |a|\n";
}

}  // namespace

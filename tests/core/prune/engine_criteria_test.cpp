// Each of the 16 criteria against a direct brute-force computation (plain double loops) on a small
// model, on the full network and on a sub-network; the planted-redundancy check of papers.md §2(f).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "../../../core/src/prune/pruning_model_testing.h"
#include "engine_test_support.h"

namespace assay::test::prune_engine {
namespace {

constexpr int kN = 8, kK = 2, kD = 12, kF = 10, kT = 160;

struct Fixture {
    TestLayer layer;
    Mat x, target;
    std::vector<std::int64_t> ids;
};

Fixture makeFixture(MoeFamily family, std::uint64_t seed, bool plant = false) {
    TestLayer t = randomLayer(family, kN, kK, kD, kF, seed);
    if (plant) {
        t.experts[7] = t.experts[3];
        for (int j = 0; j < kD; ++j)
            t.router.v[static_cast<std::size_t>(7 * kD + j)] =
                t.router.v[static_cast<std::size_t>(3 * kD + j)];
        for (Mat* m : {&t.experts[5].gate, &t.experts[5].up, &t.experts[5].down})
            std::fill(m->v.begin(), m->v.end(), 0.f);
    }
    Mat x = randomTokens(kT, kD, seed + 1);
    SplitMix64 rng(seed + 2);
    Mat target = randomMat(kT, kD, rng, 0.3);
    std::vector<std::int64_t> ids(kT);
    for (auto& id : ids) id = static_cast<std::int64_t>(rng.below(40));
    return Fixture{std::move(t), std::move(x), std::move(target), std::move(ids)};
}

PruningModel modelOf(const Fixture& fx, bool withTarget) {
    TestingModelSpec spec;
    spec.config = fx.layer.config;
    spec.layers[0] = fx.layer.weights();
    spec.hidden[0] = hiddenOf(fx.x, "layers.0.hidden");
    if (withTarget) spec.targets[0] = hiddenOf(fx.target, "layers.0.target");
    spec.tokenIds = fx.ids;
    spec.options.seed = 5;
    return makeTestingModel(spec);
}

// ---- brute-force criteria on the estimation rows ---------------------------------------------

std::vector<double> flat(const TestExpert& e) {
    std::vector<double> v;
    for (const Mat* m : {&e.gate, &e.up, &e.down}) v.insert(v.end(), m->v.begin(), m->v.end());
    return v;
}
double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}
double cosine(const std::vector<double>& a, const std::vector<double>& b) {
    const double na = std::sqrt(dot(a, a)), nb = std::sqrt(dot(b, b));
    return na > 0 && nb > 0 ? dot(a, b) / (na * nb) : 0;
}
std::vector<double> simScore(const std::vector<std::vector<double>>& v,
                             const std::vector<bool>& kept, bool fastEas = false) {
    std::vector<double> s(kept.size(), NAN);
    for (std::size_t p = 0; p < kept.size(); ++p) {
        if (!kept[p]) continue;
        s[p] = 0;
        for (std::size_t q = 0; q < kept.size(); ++q)
            if (q != p && kept[q]) s[p] += fastEas ? dot(v[p], v[q]) : cosine(v[p], v[q]);
    }
    return s;
}
double stableRank(const Mat& m) {
    // σ₁² = largest eigenvalue of MᵀM, by 5000 power iterations in double from a fixed start.
    std::vector<double> ata(static_cast<std::size_t>(m.c * m.c), 0.0),
        v(static_cast<std::size_t>(m.c), 1.0);
    double fro = 0;
    for (std::int64_t i = 0; i < m.r; ++i)
        for (std::int64_t a = 0; a < m.c; ++a) {
            fro += m.at(i, a) * m.at(i, a);
            for (std::int64_t b = 0; b < m.c; ++b)
                ata[static_cast<std::size_t>(a * m.c + b)] += m.at(i, a) * m.at(i, b);
        }
    if (fro == 0) return 0;
    double lambda = 0;
    for (int it = 0; it < 5000; ++it) {
        std::vector<double> w(v.size(), 0.0);
        for (std::size_t a = 0; a < v.size(); ++a)
            for (std::size_t b = 0; b < v.size(); ++b) w[a] += ata[a * v.size() + b] * v[b];
        lambda = std::sqrt(dot(w, w));
        for (std::size_t a = 0; a < v.size(); ++a) v[a] = w[a] / lambda;
    }
    return fro / lambda;
}
// "mean ± 3σ" outliers, Σ log column std, column-norm sum of a [rows, cols] matrix.
double outliers(const std::vector<double>& all) {
    double mu = 0, var = 0;
    for (double a : all) mu += a;
    mu /= static_cast<double>(all.size());
    for (double a : all) var += (a - mu) * (a - mu);
    const double sd = std::sqrt(var / static_cast<double>(all.size()));
    double c = 0;
    for (double a : all) c += std::abs(a - mu) > 3 * sd ? 1 : 0;
    return c;
}
double columnEntropy(const std::vector<std::vector<double>>& rows) {
    double h = 0;
    for (std::size_t j = 0; j < rows[0].size(); ++j) {
        double mu = 0, var = 0;
        for (const auto& r : rows) mu += r[j];
        mu /= static_cast<double>(rows.size());
        for (const auto& r : rows) var += (r[j] - mu) * (r[j] - mu);
        h += std::log(std::sqrt(var / static_cast<double>(rows.size())));
    }
    return h;
}
std::vector<std::vector<double>> rowsOf(const std::vector<float>& v, std::int64_t r,
                                        std::int64_t c) {
    std::vector<std::vector<double>> out(static_cast<std::size_t>(r));
    for (std::int64_t i = 0; i < r; ++i)
        out[static_cast<std::size_t>(i)].assign(v.begin() + i * c, v.begin() + (i + 1) * c);
    return out;
}

struct Brute {
    std::map<Criterion, std::vector<double>> score;
    std::map<Criterion, std::vector<double>> pairs;
};

Brute bruteCriteria(const Fixture& fx, const PruningModel& model, const std::vector<bool>& kept) {
    const TestLayer& t = fx.layer;
    const auto& rows = model.impl().estimationRows;
    const std::size_t n = kN;
    Brute b;
    std::vector<std::vector<double>> flats;
    for (const auto& e : t.experts) flats.push_back(flat(e));
    b.score[Criterion::EWS] = simScore(flats, kept);
    for (Criterion c : {Criterion::RWN, Criterion::WSR, Criterion::EWN, Criterion::EUF,
                        Criterion::EVTC, Criterion::EAS, Criterion::EAE, Criterion::EAO,
                        Criterion::EAN, Criterion::ECC, Criterion::ETS})
        b.score[c].assign(n, NAN);
    std::vector<std::vector<std::vector<double>>> acts(n);  // A_p rows
    std::vector<std::set<std::int64_t>> sets(n);
    std::vector<double> counts(n * n, 0.0), used(n, 0.0);
    std::vector<std::vector<double>> gW(n * 3);  // gradients (flat, per matrix)
    for (std::int64_t r : rows) {
        const float* xi = fx.x.v.data() + r * kD;
        const BruteRoute route = bruteRoute(t, xi, kept);
        for (int p : route.idx) {
            acts[static_cast<std::size_t>(p)].push_back(
                expertOut(t.experts[static_cast<std::size_t>(p)], xi));
            sets[static_cast<std::size_t>(p)].insert(fx.ids[static_cast<std::size_t>(r)]);
            used[static_cast<std::size_t>(p)] += 1;
            for (int q : route.idx)
                counts[static_cast<std::size_t>(p) * n + static_cast<std::size_t>(q)] += 1;
        }
    }
    std::set<std::int64_t> vocab(fx.ids.begin(), fx.ids.end());
    const double V = static_cast<double>(*vocab.rbegin() + 1);
    std::vector<std::vector<double>> unitMeans(n, std::vector<double>(kD, 0.0));
    for (std::size_t p = 0; p < n; ++p) {
        if (!kept[p]) continue;
        b.score[Criterion::RWN][p] = std::sqrt(
            dot(std::vector<double>(t.router.v.begin() + static_cast<std::int64_t>(p) * kD,
                                    t.router.v.begin() + static_cast<std::int64_t>(p + 1) * kD),
                std::vector<double>(t.router.v.begin() + static_cast<std::int64_t>(p) * kD,
                                    t.router.v.begin() + static_cast<std::int64_t>(p + 1) * kD)));
        const auto& e = t.experts[p];
        b.score[Criterion::WSR][p] =
            (stableRank(e.gate) + stableRank(e.up) + stableRank(e.down)) / 3;
        b.score[Criterion::EWN][p] = std::sqrt(dot(flats[p], flats[p]));
        b.score[Criterion::EUF][p] = used[p] / static_cast<double>(rows.size());
        b.score[Criterion::EVTC][p] = static_cast<double>(sets[p].size()) / V;
        const auto& A = acts[p];
        double ean = 0;
        for (int j = 0; j < kD; ++j) {
            double s = 0;
            for (const auto& a : A)
                s += a[static_cast<std::size_t>(j)] * a[static_cast<std::size_t>(j)];
            ean += std::sqrt(s);
        }
        b.score[Criterion::EAN][p] = ean;
        b.score[Criterion::EAE][p] = A.empty() ? -INFINITY : columnEntropy(A);
        std::vector<double> all;
        for (const auto& a : A) all.insert(all.end(), a.begin(), a.end());
        b.score[Criterion::EAO][p] = all.empty() ? 0 : outliers(all);
        for (const auto& a : A) {
            const double nr = std::sqrt(dot(a, a));
            if (nr > 0)
                for (int j = 0; j < kD; ++j)
                    unitMeans[p][static_cast<std::size_t>(j)] +=
                        a[static_cast<std::size_t>(j)] / nr / static_cast<double>(A.size());
        }
    }
    b.score[Criterion::EAS] = simScore(unitMeans, kept, true);
    std::vector<double> ets(n * n, 0.0);
    for (std::size_t p = 0; p < n; ++p)
        for (std::size_t q = 0; q < n; ++q)
            for (std::int64_t id : sets[p]) ets[p * n + q] += sets[q].count(id) ? 1 : 0;
    for (auto [c, m] : {std::pair{Criterion::ECC, &counts}, std::pair{Criterion::ETS, &ets}}) {
        b.pairs[c].assign(n * n, NAN);
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = 0; q < n; ++q)
                if (p != q && kept[p] && kept[q]) {
                    b.pairs[c][p * n + q] = (*m)[p * n + q];
                    b.score[c][p] = std::isnan(b.score[c][p])
                                        ? (*m)[p * n + q]
                                        : std::max(b.score[c][p], (*m)[p * n + q]);
                }
    }
    return b;
}

void expectClose(const std::vector<double>& got, const std::vector<double>& want, double rel,
                 const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i])) {
            EXPECT_TRUE(std::isnan(got[i])) << what << " expert " << i;
            continue;
        }
        if (std::isinf(want[i])) {
            EXPECT_EQ(got[i], want[i]) << what << " expert " << i;
            continue;
        }
        EXPECT_NEAR(got[i], want[i], rel * std::max(1.0, std::abs(want[i])))
            << what << " expert " << i;
    }
}

class CriteriaBrute : public ::testing::TestWithParam<int> {};

TEST_P(CriteriaBrute, EveryNonGradientCriterionMatchesBruteForce) {
    const Fixture fx = makeFixture(GetParam() == 0 ? MoeFamily::Mixtral : MoeFamily::Olmoe, 31);
    const PruningModel model = modelOf(fx, false);
    ExpertMask mask = fullMaskOf(model.impl());
    if (GetParam() == 1) {
        mask.layers[0].kept[2] = false;
        mask.layers[0].kept[6] = false;
    }
    const std::vector<bool> kept = mask.layers[0].kept;
    std::vector<Criterion> which;
    for (Criterion c : allCriteria())
        if (criterionGroup(c) != CriterionGroup::Gradient) which.push_back(c);
    const auto values = computeCriteria(model, mask, which);
    const Brute b = bruteCriteria(fx, model, kept);
    for (const CriterionValues& v : values) {
        ASSERT_TRUE(v.unavailable.empty()) << criterionName(v.criterion) << ": " << v.unavailable;
        const double tol = v.criterion == Criterion::EAO ? 0 : 2e-4;
        expectClose(v.perLayer.at(0), b.score.at(v.criterion), tol, criterionName(v.criterion));
        if (isPairCriterion(v.criterion))
            expectClose(v.pairs.at(0), b.pairs.at(v.criterion), 0, "pairs");
    }
}

INSTANTIATE_TEST_SUITE_P(FullAndMasked, CriteriaBrute, ::testing::Values(0, 1));

TEST(Criteria, GradientCriteriaMatchBruteForceMseGradients) {
    const Fixture fx = makeFixture(MoeFamily::Mixtral, 41);
    const PruningModel model = modelOf(fx, true);
    ExpertMask mask = fullMaskOf(model.impl());
    mask.layers[0].kept[4] = false;
    const std::vector<bool> kept = mask.layers[0].kept;
    const auto values = computeCriteria(
        model, mask, {Criterion::EGS, Criterion::EGE, Criterion::EGO, Criterion::EGN});
    // Brute-force gradients of MSE over the estimation rows (router fixed), double loops.
    const auto& rows = model.impl().estimationRows;
    const TestLayer& t = fx.layer;
    const double scale = 2.0 / (static_cast<double>(rows.size()) * kD);
    std::vector<std::vector<double>> gGate(kN, std::vector<double>(kF * kD, 0.0)),
        gUp = gGate, gDown(kN, std::vector<double>(kD * kF, 0.0));
    Mat xe{static_cast<std::int64_t>(rows.size()), kD, {}};
    for (std::int64_t r : rows)
        xe.v.insert(xe.v.end(), fx.x.v.begin() + r * kD, fx.x.v.begin() + (r + 1) * kD);
    const std::vector<double> y = bruteForward(t, xe, kept);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const float* xi = xe.v.data() + i * kD;
        const BruteRoute route = bruteRoute(t, xi, kept);
        for (std::size_t s = 0; s < route.idx.size(); ++s) {
            const int p = route.idx[s];
            const TestExpert& e = t.experts[static_cast<std::size_t>(p)];
            std::vector<double> G(kD), a(kF), bb(kF), dh(kF, 0.0);
            for (int o = 0; o < kD; ++o)
                G[static_cast<std::size_t>(o)] =
                    route.weight[s] * scale *
                    (y[i * kD + static_cast<std::size_t>(o)] -
                     fx.target.v[static_cast<std::size_t>(rows[i] * kD + o)]);
            for (int q = 0; q < kF; ++q) {
                for (int j = 0; j < kD; ++j) {
                    a[static_cast<std::size_t>(q)] += e.gate.at(q, j) * xi[j];
                    bb[static_cast<std::size_t>(q)] += e.up.at(q, j) * xi[j];
                }
                for (int o = 0; o < kD; ++o) {
                    gDown[static_cast<std::size_t>(p)][static_cast<std::size_t>(o * kF + q)] +=
                        G[static_cast<std::size_t>(o)] * silu(a[static_cast<std::size_t>(q)]) *
                        bb[static_cast<std::size_t>(q)];
                    dh[static_cast<std::size_t>(q)] +=
                        G[static_cast<std::size_t>(o)] * e.down.at(o, q);
                }
                const double sg = sigmoid(a[static_cast<std::size_t>(q)]);
                const double da = dh[static_cast<std::size_t>(q)] *
                                  bb[static_cast<std::size_t>(q)] * sg *
                                  (1 + a[static_cast<std::size_t>(q)] * (1 - sg));
                const double db =
                    dh[static_cast<std::size_t>(q)] * silu(a[static_cast<std::size_t>(q)]);
                for (int j = 0; j < kD; ++j) {
                    gGate[static_cast<std::size_t>(p)][static_cast<std::size_t>(q * kD + j)] +=
                        da * xi[j];
                    gUp[static_cast<std::size_t>(p)][static_cast<std::size_t>(q * kD + j)] +=
                        db * xi[j];
                }
            }
        }
    }
    std::vector<std::vector<double>> flats(kN);
    std::vector<double> ege(kN, NAN), ego(kN, NAN), egn(kN, NAN);
    for (std::size_t p = 0; p < kN; ++p) {
        flats[p] = gGate[p];
        flats[p].insert(flats[p].end(), gUp[p].begin(), gUp[p].end());
        flats[p].insert(flats[p].end(), gDown[p].begin(), gDown[p].end());
        if (!kept[p]) continue;
        auto asRows = [](const std::vector<double>& v, int r, int c) {
            std::vector<std::vector<double>> out(static_cast<std::size_t>(r));
            for (int i = 0; i < r; ++i)
                out[static_cast<std::size_t>(i)].assign(v.begin() + i * c, v.begin() + (i + 1) * c);
            return out;
        };
        ege[p] = columnEntropy(asRows(gGate[p], kF, kD)) + columnEntropy(asRows(gUp[p], kF, kD)) +
                 columnEntropy(asRows(gDown[p], kD, kF));
        ego[p] = outliers(flats[p]);
        egn[p] = std::sqrt(dot(flats[p], flats[p]));
    }
    for (const CriterionValues& v : values) {
        ASSERT_TRUE(v.unavailable.empty()) << v.unavailable;
        EXPECT_FALSE(v.note.empty());
        const std::vector<double>& got = v.perLayer.at(0);
        switch (v.criterion) {
            case Criterion::EGS:
                expectClose(got, simScore(flats, kept), 1e-4, "EGS");
                break;
            case Criterion::EGE:
                expectClose(got, ege, 1e-3, "EGE");
                break;
            case Criterion::EGO:
                expectClose(got, ego, 0, "EGO");
                break;
            default: {
                std::vector<double> rel(kN, NAN);
                for (std::size_t p = 0; p < kN; ++p)
                    if (kept[p]) rel[p] = got[p] / egn[p];
                for (std::size_t p = 0; p < kN; ++p)
                    if (kept[p]) EXPECT_NEAR(rel[p], 1.0, 1e-4) << "EGN expert " << p;
            }
        }
    }
}

TEST(Criteria, GradientCriteriaWithoutTargetAreUnavailableWithTheReason) {
    const Fixture fx = makeFixture(MoeFamily::Mixtral, 41);
    const PruningModel model = modelOf(fx, false);
    const auto v = computeCriteria(model, fullMaskOf(model.impl()), {Criterion::EGN});
    EXPECT_NE(v[0].unavailable.find("layers.0.target"), std::string::npos) << v[0].unavailable;
    EXPECT_TRUE(v[0].perLayer.empty());
}

TEST(Criteria, PlantedRedundancyIsFound) {
    // Expert 7 is an exact copy of expert 3 (weights and router row), expert 5 is all zeros.
    const Fixture fx = makeFixture(MoeFamily::Mixtral, 53, true);
    const PruningModel model = modelOf(fx, false);
    const ExpertMask mask = fullMaskOf(model.impl());
    const auto v = computeCriteria(
        model, mask, {Criterion::EWS, Criterion::EAS, Criterion::EWN, Criterion::EAN});
    const LayerMask& lm = mask.layers.at(0);
    const int ews = expertToDrop(v[0], 0, Variant::Max, lm, {});
    const int eas = expertToDrop(v[1], 0, Variant::Max, lm, {});
    EXPECT_TRUE(ews == 3 || ews == 7) << ews;
    EXPECT_TRUE(eas == 3 || eas == 7) << eas;
    EXPECT_EQ(expertToDrop(v[2], 0, Variant::Min, lm, {}), 5);
    EXPECT_EQ(expertToDrop(v[3], 0, Variant::Min, lm, {}), 5);
}

TEST(Criteria, PairRuleDropsTheLowerUsageMember) {
    CriterionValues v;
    v.criterion = Criterion::ECC;
    v.pairs[0] = {NAN, 5, 1, 5, NAN, 9, 1, 9, NAN};
    LayerMask lm;
    lm.kept = {true, true, true};
    EXPECT_EQ(expertToDrop(v, 0, Variant::Max, lm, {0.5, 0.9, 0.6}), 2);  // pair (1,2): 2 is rarer
    EXPECT_EQ(expertToDrop(v, 0, Variant::Min, lm, {0.5, 0.9, 0.6}), 0);  // pair (0,2): 0 is rarer
    lm.kept[1] = false;
    EXPECT_EQ(expertToDrop(v, 0, Variant::Max, lm, {0.7, 0.9, 0.6}), 2);  // only (0,2) left
}

}  // namespace
}  // namespace assay::test::prune_engine

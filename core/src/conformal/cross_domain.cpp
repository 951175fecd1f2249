#include "cross_domain.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace assay::core::conformal::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Accumulator {
    std::vector<double> sum;
    std::vector<int> count;
    explicit Accumulator(std::size_t cells) : sum(cells, 0.0), count(cells, 0) {}
    void add(std::size_t cell, double v) {
        if (std::isnan(v)) return;
        sum[cell] += v;
        ++count[cell];
    }
    std::vector<double> mean() const {
        std::vector<double> m(sum.size(), kNaN);
        for (std::size_t c = 0; c < sum.size(); ++c)
            if (count[c]) m[c] = sum[c] / count[c];
        return m;
    }
};

struct MatrixAccumulator {
    Accumulator emr, apss, selected;
    explicit MatrixAccumulator(std::size_t cells) : emr(cells), apss(cells), selected(cells) {}
    void add(std::size_t cell, const SetMetrics& m) {
        emr.add(cell, m.emr);
        apss.add(cell, m.apss);
        selected.add(cell, static_cast<double>(m.count));
    }
    CrossDomainMatrix result() const { return {emr.mean(), apss.mean(), selected.mean()}; }
};

}  // namespace

CrossDomain computeCrossDomain(const ScoredItems& s, const CalibrationParams& p, JobContext& ctx) {
    CrossDomain out;
    out.groups = s.groupNames;
    const std::size_t G = s.groupNames.size();
    if (G < 2) return out;
    const int R =
        s.fixedSplit.empty() ? std::max(1, std::min(p.repetitions, kCrossDomainSplits)) : 1;
    MatrixAccumulator original(G * G), sconu(G * G), pro(G * G);
    CalibrationParams q = p;
    std::vector<std::size_t> cal, test;
    for (std::size_t c = 0; c < G; ++c) {
        ctx.progress(static_cast<std::int64_t>(c), static_cast<std::int64_t>(G));
        for (std::size_t t = 0; t < G; ++t) {
            q.calGroup = static_cast<int>(c);
            q.testGroup = static_cast<int>(t);
            for (int r = 0; r < R; ++r) {
                drawSplit(s, q, r, cal, test);
                if (cal.empty() || test.empty()) continue;  // an empty group leaves NaN cells
                const SplitEvaluation e = evaluateSplit(s, cal, test, p.alpha, p.delta);
                original.add(c * G + t, e.all);
                sconu.add(c * G + t, e.sconu);
                pro.add(c * G + t, e.sconuPro);
            }
        }
    }
    out.original = original.result();
    out.sconu = sconu.result();
    out.sconuPro = pro.result();
    return out;
}

}  // namespace assay::core::conformal::detail

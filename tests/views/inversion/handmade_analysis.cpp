#include "tests/views/inversion/handmade_analysis.h"

#include <cmath>
#include <string>

namespace assay::views::test {

namespace ex = core::explain;

namespace {

ex::SyntheticItem makeItem(ex::Domain domain, int index) {
    ex::SyntheticItem it;
    int M = 10;
    if (domain == ex::Domain::Image) M = 16;
    if (domain == ex::Domain::Text) M = 5 + index % 3;
    for (int j = 0; j < M; ++j) {
        if (domain == ex::Domain::Tabular)
            it.featureLabels.push_back("x" + std::to_string(j + 1));
        else if (domain == ex::Domain::Image)
            it.featureLabels.push_back("r" + std::to_string(j / 4) + "c" + std::to_string(j % 4));
        else {
            static const char* words[] = {"the", "film", "was", "great", "said", "Alice", "today"};
            it.featureLabels.push_back(words[j % 7]);
        }
        const bool spurious = domain == ex::Domain::Tabular ? j == 2
                              : domain == ex::Domain::Image ? j == 0
                                                            : j == 5 % M;
        const bool causal = domain == ex::Domain::Tabular ? j < 2
                            : domain == ex::Domain::Image ? (j == 5 || j == 6 || j == 9 || j == 10)
                                                          : j == 3;
        it.roles.push_back(spurious ? ex::FeatureRole::Spurious
                           : causal ? ex::FeatureRole::Causal
                                    : ex::FeatureRole::Noise);
        it.groundTruth.push_back(causal ? 1.0 + j : 0.0);
    }
    it.label = index % 2;
    if (domain == ex::Domain::Image) {
        it.image.width = it.image.height = 32;
        it.image.rgb.assign(32 * 32 * 3, 0);
        it.segments.resize(32 * 32);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x) {
                const std::size_t i = std::size_t(y) * 32 + x;
                it.segments[i] = (y / 8) * 4 + x / 8;
                const bool shape = std::hypot(x - 15.5, y - 15.5) < 8;
                it.image.rgb[3 * i] = shape ? 230 : 40;
                it.image.rgb[3 * i + 1] = shape ? 230 : 40;
                it.image.rgb[3 * i + 2] = (x < 8 && y < 8) ? 220 : 40;
            }
    }
    return it;
}

}  // namespace

ex::InversionAnalysis handmadeAnalysis(const ex::InversionRequest& request) {
    ex::InversionAnalysis a;
    a.request = request;
    a.set.domain = request.domain;
    a.set.strength = request.strengths.front();
    a.set.explainedLabel = request.domain == ex::Domain::Tabular ? 0 : 1;
    for (int i = 0; i < request.items; ++i) a.set.items.push_back(makeItem(request.domain, i));
    a.modelDescription = "hand-made (no model)";
    for (ex::Method method : request.methods) {
        ex::MethodResult m;
        m.method = method;
        const double scale = method == ex::Method::KernelShap ? 2.0 : 1.0;
        for (int i = 0; i < request.items; ++i) {
            const ex::SyntheticItem& it = a.set.items[std::size_t(i)];
            const std::size_t M = it.roles.size();
            ex::ItemResult r;
            for (std::size_t j = 0; j < M; ++j) {
                double v = scale * double(j + 1) * (j % 2 ? -1.0 : 1.0) * (1 + i);
                if (it.roles[j] == ex::FeatureRole::Spurious && method == ex::Method::KernelShap)
                    v *= 3;
                r.attributions.push_back(v);
                r.refined.push_back(it.roles[j] == ex::FeatureRole::Spurious ? v / 2 : v);
                r.pokes.normAttr.push_back(1.0 / double(M) + 0.01 * double(j));
                r.pokes.normDelta.push_back(1.0 / double(M) - 0.005 * double(j));
                r.stability.mean.push_back(v);
                r.stability.stddev.push_back(0.1 * std::abs(v));
            }
            r.stability.meanStd = 0.1;
            r.R = 0.1 + 0.03 * i;
            r.F = 0.9 - 0.02 * i;
            r.R_rbp = r.R / 2;
            r.F_rbp = r.F;
            r.IS = std::sqrt((r.R * r.R + (1 - r.F) * (1 - r.F)) / 2);
            r.IS_rbp = std::sqrt((r.R_rbp * r.R_rbp + (1 - r.F_rbp) * (1 - r.F_rbp)) / 2);
            r.localR2 = method == ex::Method::Lime ? 0.5 + 0.01 * i : 0.0;
            m.meanR += r.R / request.items;
            m.meanF += r.F / request.items;
            m.meanIS += r.IS / request.items;
            m.meanIS_rbp += r.IS_rbp / request.items;
            m.items.push_back(std::move(r));
        }
        a.methods.push_back(std::move(m));
    }
    if (request.strengths.size() > 1)
        for (double s : request.strengths) {
            ex::SweepPoint p;
            p.strength = s;
            for (std::size_t m = 0; m < request.methods.size(); ++m) {
                p.meanIS.push_back(s / 2 + 0.1 * double(m));
                p.meanIS_rbp.push_back(s / 3 + 0.1 * double(m));
            }
            a.sweep.push_back(p);
        }
    return a;
}

}  // namespace assay::views::test

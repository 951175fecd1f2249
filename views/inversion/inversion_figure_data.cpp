#include "views/inversion/inversion_figure_data.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace assay::views::inversion {

namespace {

int methodColour(ex::Method m) { return m == ex::Method::Lime ? 2 : 0; }
constexpr int kTruthColour = 7, kRefinedColour = 1;

QString number(double v) { return QString::number(v, 'f', 2); }

const ex::ItemResult* itemOf(const ex::InversionAnalysis& a, int item, ex::Method m) {
    const ex::MethodResult* r = findMethod(a, m);
    if (!r || item < 0 || item >= int(r->items.size())) return nullptr;
    return &r->items[std::size_t(item)];
}

QStringList labelsOf(const ex::SyntheticItem& item) {
    QStringList out;
    for (const std::string& s : item.featureLabels) out << QString::fromStdString(s);
    return out;
}

}  // namespace

std::vector<double> signedShares(const std::vector<double>& a) {
    double total = 0;
    for (double v : a) total += std::abs(v);
    std::vector<double> out(a.size(), 0.0);
    if (!(total > 0) || !std::isfinite(total)) return out;
    for (std::size_t j = 0; j < a.size(); ++j) out[j] = a[j] / total;
    return out;
}

const ex::MethodResult* findMethod(const ex::InversionAnalysis& a, ex::Method method) {
    for (const ex::MethodResult& m : a.methods)
        if (m.method == method) return &m;
    return nullptr;
}

QString methodLabel(ex::Method method) {
    switch (method) {
        case ex::Method::Lime:
            return QObject::tr("LIME");
        case ex::Method::KernelShap:
            return QObject::tr("KernelSHAP");
        case ex::Method::Exact:
            return QObject::tr("exact Shapley");
    }
    return {};
}

QString roleLabel(ex::FeatureRole role) {
    switch (role) {
        case ex::FeatureRole::Causal:
            return QObject::tr("causal");
        case ex::FeatureRole::Spurious:
            return QObject::tr("spurious");
        case ex::FeatureRole::Noise:
            return QObject::tr("noise");
    }
    return {};
}

ItemRows itemRows(const ex::InversionAnalysis& a, int item, ex::Method shown) {
    ItemRows out;
    if (item < 0 || item >= int(a.set.items.size())) return out;
    const ex::SyntheticItem& it = a.set.items[std::size_t(item)];
    out.features = labelsOf(it);
    out.roles = it.roles;
    out.rows.push_back(
        {QObject::tr("ground truth"), signedShares(it.groundTruth), QString(), kTruthColour});
    for (const ex::MethodResult& m : a.methods) {
        const ex::ItemResult* r = itemOf(a, item, m.method);
        if (!r) continue;
        out.rows.push_back(
            {methodLabel(m.method), signedShares(r->attributions),
             QObject::tr("R %1 · F %2 · IS %3").arg(number(r->R), number(r->F), number(r->IS)),
             methodColour(m.method)});
    }
    if (const ex::ItemResult* r = itemOf(a, item, shown))
        out.rows.push_back(
            // λ goes in the note: the name is a panel caption of the image and text figures,
            // one panel wide.
            {QObject::tr("%1 after RBP").arg(methodLabel(shown)), signedShares(r->refined),
             QObject::tr("λ = %1 · R %2 · F %3 · IS %4")
                 .arg(a.request.lambda)
                 .arg(number(r->R_rbp), number(r->F_rbp), number(r->IS_rbp)),
             kRefinedColour});
    return out;
}

std::vector<ScatterSeries> scatterSeries(const ex::InversionAnalysis& a) {
    std::vector<ScatterSeries> out;
    for (bool refined : {false, true})
        for (const ex::MethodResult& m : a.methods) {
            ScatterSeries s;
            s.name = refined ? QObject::tr("%1 after RBP").arg(methodLabel(m.method))
                             : methodLabel(m.method);
            s.refined = refined;
            s.colour = methodColour(m.method);
            for (const ex::ItemResult& r : m.items) {
                s.R.push_back(refined ? r.R_rbp : r.R);
                s.unfaithfulness.push_back(1 - (refined ? r.F_rbp : r.F));
            }
            out.push_back(std::move(s));
        }
    return out;
}

void isoLine(double level, double p, int points, std::vector<double>& R, std::vector<double>& g) {
    R.clear();
    g.clear();
    // R^p + g^p = 2·level^p; on the square R and g are at most 1.
    const double c = 2 * std::pow(level, p);
    const double rMax = std::min(1.0, std::pow(c, 1 / p));
    const double rMin = c > 1 ? std::pow(c - 1, 1 / p) : 0.0;  // where g reaches 1
    if (rMin > rMax) return;
    for (int i = 0; i < points; ++i) {
        const double r = rMin + (rMax - rMin) * i / std::max(1, points - 1);
        R.push_back(r);
        g.push_back(std::pow(std::max(0.0, c - std::pow(r, p)), 1 / p));
    }
}

std::vector<SweepCurve> sweepCurves(const ex::InversionAnalysis& a) {
    std::vector<SweepCurve> out;
    if (a.sweep.empty()) return out;
    std::vector<std::size_t> order(a.sweep.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return a.sweep[x].strength < a.sweep[y].strength;
    });
    for (bool refined : {false, true})
        for (std::size_t m = 0; m < a.methods.size(); ++m) {
            SweepCurve c;
            const ex::Method method = a.methods[m].method;
            c.name = refined ? QObject::tr("%1 after RBP").arg(methodLabel(method))
                             : methodLabel(method);
            c.refined = refined;
            c.colour = methodColour(method);
            for (std::size_t k : order) {
                const ex::SweepPoint& s = a.sweep[k];
                const std::vector<double>& v = refined ? s.meanIS_rbp : s.meanIS;
                if (m >= v.size()) continue;
                c.strength.push_back(s.strength);
                c.IS.push_back(v[m]);
            }
            out.push_back(std::move(c));
        }
    return out;
}

PokePoints pokePoints(const ex::InversionAnalysis& a, int item, ex::Method shown) {
    PokePoints out;
    const ex::ItemResult* r = itemOf(a, item, shown);
    if (!r || item >= int(a.set.items.size())) return out;
    const ex::SyntheticItem& it = a.set.items[std::size_t(item)];
    out.features = labelsOf(it);
    out.roles = it.roles;
    out.normAttr = r->pokes.normAttr;
    out.normDelta = r->pokes.normDelta;
    return out;
}

StabilityBands stabilityBands(const ex::InversionAnalysis& a, int item, ex::Method shown) {
    StabilityBands out;
    if (const ex::MethodResult* lime = findMethod(a, ex::Method::Lime))
        for (const ex::ItemResult& r : lime->items) out.localR2.push_back(r.localR2);
    const ex::ItemResult* r = itemOf(a, item, shown);
    if (!r || item >= int(a.set.items.size())) return out;
    out.features = labelsOf(a.set.items[std::size_t(item)]);
    out.mean = r->stability.mean;
    out.stddev = r->stability.stddev;
    out.meanStd = r->stability.meanStd;
    return out;
}

QString analysisCaption(const ex::InversionAnalysis& a) {
    // Translated display names (core's domainName/modelKindName are the file and option spellings).
    const QString domain = a.request.domain == ex::Domain::Image  ? QObject::tr("image")
                           : a.request.domain == ex::Domain::Text ? QObject::tr("text")
                                                                  : QObject::tr("tabular");
    const QString model =
        a.request.model == ex::ModelKind::Clean ? QObject::tr("clean") : QObject::tr("shortcut");
    return QObject::tr("%1 · %2 model · strength %3")
        .arg(domain, model)
        .arg(a.request.strengths.empty() ? a.set.strength : a.request.strengths.front(), 0, 'f', 2);
}

}  // namespace assay::views::inversion

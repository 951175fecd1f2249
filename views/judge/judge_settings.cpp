#include "views/judge/judge_settings.h"

#include <QCoreApplication>

namespace assay::views::judge {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("JudgeSettings", text); }

}  // namespace

QStringList stoppingKeys() {
    return {QLatin1String(kEstimator.key), QLatin1String(kEpsilon.key), QLatin1String(kGamma.key),
            QLatin1String(kRadius.key),    QLatin1String(kM0.key),      QLatin1String(kBudget.key)};
}

SettingsSpec settingsSpec() {
    const QString prior = tr("Prior"), stopping = tr("Adaptive stopping"),
                  margin = tr("Error margin"), data = tr("Data");
    SettingsSpec spec;
    spec.add(choiceSetting(kPrior.key, tr("Prior"),
                           tr("Transfer: the prior of the Beta-Binomial and mixture fits comes "
                              "from the source datasets, weighted by the similarity of their "
                              "texts' mean embeddings; weak: Beta(2,2) on π and a wide "
                              "log-normal (s = 2) on the shapes"),
                           {{"transfer", tr("Transferred from sources")}, {"weak", tr("Weak")}},
                           Stage::Analysis, prior));
    SettingSpec source;
    source.key = QLatin1String(kSource.key);
    source.type = SettingType::Group;
    source.label = tr("Sources");
    source.tooltip = tr("All source datasets (softmax weights), or only this one");
    source.defaultValue = QStringLiteral("all");
    source.section = prior;
    source.dataLimit = tr("a source dataset of the data");
    source.allLabel = tr("All sources");
    spec.add(source);

    spec.add(choiceSetting(kEstimator.key, tr("Estimator"),
                           tr("The estimator the adaptive stopping refits after each label "
                              "(every figure shows all four)"),
                           {{"mixture", tr("Mixture of two Beta-Binomials (MAP)")},
                            {"beta", tr("One Beta-Binomial (MAP)")},
                            {"binomial", tr("Binomial (i.i.d. judges)")},
                            {"empirical", tr("Empirical majority rate")}},
                           Stage::Analysis, stopping));
    SettingSpec eps = realSetting(kEpsilon.key, tr("Stop at radius ε"),
                                  tr("Stop once the conformal radius q_m ≤ ε"), 0.03, 0, 1,
                                  Stage::Analysis, stopping);
    eps.minExclusive = true;
    eps.step = 0.005;
    eps.decimals = 3;
    spec.add(eps);
    SettingSpec gamma = realSetting(kGamma.key, tr("Miscoverage γ"),
                                    tr("The conformal quantile is the ⌈(m+1)(1−γ)⌉-th smallest "
                                       "residual (+∞ while that rank exceeds m)"),
                                    0.1, 0, 1, Stage::Analysis, stopping);
    gamma.minExclusive = gamma.maxExclusive = true;
    gamma.step = 0.01;
    spec.add(gamma);
    spec.add(choiceSetting(
        kRadius.key, tr("Radius"),
        tr("Jackknife: the leave-one-out residuals scaled to the estimate's "
           "own error, Q((m−1)·R)/√m; LOO: the residuals as papers.md "
           "proposes them, which shrink like 1/m and stop too early"),
        {{"jackknife", tr("Jackknife (calibrated)")}, {"loo", tr("Leave-one-out (literal)")}},
        Stage::Analysis, stopping));
    spec.add(intSetting(kM0.key, tr("First m"), tr("The first number of labels tested"), 5, 2,
                        100000, Stage::Analysis, stopping));
    spec.add(intSetting(kBudget.key, tr("Budget"), tr("The most labels to spend"), 100, 2, 1000000,
                        Stage::Analysis, stopping));

    spec.add(intSetting(kRepetitions.key, tr("Random orders"),
                        tr("Annotation orders of the labelled set behind each error curve"), 100, 1,
                        100000, Stage::Analysis, margin));
    spec.add(intSetting(kSeed.key, tr("Seed"), tr("Seed of the random orders"), 7, 0, 2147483647,
                        Stage::Analysis, margin));

    SettingSpec judges;
    judges.key = QLatin1String(kJudges.key);
    judges.type = SettingType::Text;
    judges.label = tr("Judge columns");
    judges.tooltip =
        tr("The table's judge columns, a,b,c (empty: every column but sample, id "
           "and order)");
    judges.defaultValue = QString();
    judges.stage = Stage::Load;
    judges.section = data;
    spec.add(judges);
    return spec;
}

}  // namespace assay::views::judge

#include "views/inversion/explain_result.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "views/common/view_registry.h"

namespace assay::views::inversion {

namespace {

bool shapeIs(const core::io::TensorInfo* t, std::size_t dims) {
    return t != nullptr && t->shape.size() == dims;
}

}  // namespace

bool isExplainResult(const FileContents& file) {
    const core::io::TensorInfo* a = file.find("attributions");
    const core::io::TensorInfo* fx = file.find("fx");
    return shapeIs(a, 3) && shapeIs(fx, 2) && a->shape[0] == fx->shape[0] &&
           a->shape[2] == fx->shape[1];
}

ExplainResult readExplainResult(const QString& path) {
    const std::string file = QFileInfo(path).fileName().toStdString();
    if (QFileInfo(path).suffix().toLower() != QLatin1String("safetensors"))
        throw core::InputError(file, "format",
                               "is not an assay-run explain result (.safetensors): the Inversion "
                               "view draws those and its own synthetic sets (the demo)");
    const core::io::TensorFile t = core::io::TensorFile::open(path.toStdString());
    const core::io::TensorInfo& a = t.require("attributions");
    const core::io::TensorInfo& fx = t.require("fx");
    if (a.shape.size() != 3 || fx.shape.size() != 2 || a.shape[0] != fx.shape[0] ||
        a.shape[2] != fx.shape[1])
        throw core::InputError(file, "attributions",
                               "is not [rows, features, outputs] beside fx [rows, outputs] (not "
                               "an assay-run explain result)");
    const auto meta = t.metadata().find("assay");
    if (meta == t.metadata().end())
        throw core::InputError(file, "__metadata__",
                               "has no 'assay' entry (not written by assay-run explain)");
    const QJsonObject m = QJsonDocument::fromJson(QByteArray::fromStdString(meta->second)).object();
    if (m.value(QStringLiteral("format")).toString() != QLatin1String("assay-explain"))
        throw core::InputError(file, "__metadata__", "is not an assay-run explain result");

    ExplainResult r;
    r.fileName = QString::fromStdString(file);
    r.method = m.value(QStringLiteral("method")).toString();
    r.model = m.value(QStringLiteral("model")).toString();
    r.rows = a.shape[0];
    r.M = a.shape[1];
    r.C = a.shape[2];
    for (const QJsonValue& v : m.value(QStringLiteral("feature_names")).toArray())
        r.features << v.toString();
    // Tensor data carry no names: number the features as assay-run explain does.
    if (r.features.size() != r.M) {
        r.features.clear();
        for (std::int64_t j = 0; j < r.M; ++j) r.features << QStringLiteral("x%1").arg(j);
    }
    r.attributions = t.toDoubles("attributions");
    r.fx = t.toDoubles("fx");
    if (t.find("rows")) r.rowIndex = t.toInt64("rows");
    if (t.find("labels")) r.labels = t.toInt64("labels");
    if (t.find("expected_value")) r.expectedValue = t.toDoubles("expected_value");
    if (t.find("local_r2")) r.localR2 = t.toDoubles("local_r2");
    if (std::int64_t(r.rowIndex.size()) != r.rows) {
        r.rowIndex.resize(std::size_t(r.rows));
        for (std::int64_t i = 0; i < r.rows; ++i) r.rowIndex[std::size_t(i)] = i;
    }
    if (std::int64_t(r.labels.size()) != r.C) {
        r.labels.resize(std::size_t(r.C));
        for (std::int64_t c = 0; c < r.C; ++c) r.labels[std::size_t(c)] = c;
    }
    return r;
}

ItemRows explainResultRows(const ExplainResult& r, int row, int output) {
    ItemRows out;
    if (row < 0 || row >= r.rows || output < 0 || output >= r.C) return out;
    out.features = r.features;
    out.roles.assign(std::size_t(r.M), core::explain::FeatureRole::Noise);
    std::vector<double> a(std::size_t(r.M));
    for (std::int64_t j = 0; j < r.M; ++j)
        a[std::size_t(j)] = r.attributions[std::size_t((row * r.M + j) * r.C + output)];
    const std::size_t rc = std::size_t(row * r.C + output);
    QString note = QObject::tr("f(x) %1").arg(r.fx[rc], 0, 'f', 3);
    if (!r.expectedValue.empty())
        note += QObject::tr(" · E f %1").arg(r.expectedValue[std::size_t(output)], 0, 'f', 3);
    if (!r.localR2.empty()) note += QObject::tr(" · local R² %1").arg(r.localR2[rc], 0, 'f', 3);
    const bool lime = r.method == QLatin1String("lime");
    const QString name = lime                                      ? QStringLiteral("LIME")
                         : r.method == QLatin1String("kernelshap") ? QStringLiteral("KernelSHAP")
                                                                   : QObject::tr("exact Shapley");
    out.rows.push_back({name, signedShares(a), note, lime ? 2 : 0});
    return out;
}

QString explainResultCaption(const ExplainResult& r) {
    return QStringLiteral("%1 (%2)").arg(r.fileName, r.model);
}

}  // namespace assay::views::inversion

#include "views/probes/probes_inputs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

namespace assay::views {

namespace {

bool hasLayerTensor(const FileContents& file, const std::string& suffix) {
    for (const core::io::TensorInfo& t : file.tensors)
        if (t.name.rfind("layers.", 0) == 0 && t.name.size() > suffix.size() &&
            t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

bool firstLineHasTokens(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray line = f.readLine(1 << 20);
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed());
    return doc.isObject() && doc.object().value(QStringLiteral("tokens")).isArray();
}

}  // namespace

ProbesFileKind probesFileKind(const FileContents& file) {
    if (file.suffix == QLatin1String("jsonl"))
        return firstLineHasTokens(file.path) ? ProbesFileKind::Captions : ProbesFileKind::Other;
    if (file.find("label") && (file.find("hidden") || hasLayerTensor(file, ".hidden")))
        return ProbesFileKind::States;
    if (file.find("weights") && file.find("probe_direction")) return ProbesFileKind::Probe;
    if ((file.find("chosen") && file.find("rejected")) ||
        (hasLayerTensor(file, ".chosen") && hasLayerTensor(file, ".rejected")))
        return ProbesFileKind::Pairs;
    return ProbesFileKind::Other;
}

ProbesFileKind probesFileKind(const QString& path) {
    FileContents file;
    file.path = path;
    file.suffix = QFileInfo(path).suffix().toLower();
    file.table = file.suffix == QLatin1String("jsonl") || file.suffix == QLatin1String("csv");
    if (!file.table) {
        try {
            file.tensors = core::io::TensorFile::open(path.toStdString()).tensors();
        } catch (const core::Error&) {
            return ProbesFileKind::Other;
        }
    }
    return probesFileKind(file);
}

bool opensProbesInput(const FileContents& file) {
    return probesFileKind(file) != ProbesFileKind::Other;
}

QString resolveInput(const QString& base, const QString& setting, const char* key) {
    const QString s = setting.trimmed();
    if (s.isEmpty()) return {};
    const QDir dir = base.isEmpty() ? QDir::current() : QFileInfo(base).absoluteDir();
    const QString p = QDir::cleanPath(dir.absoluteFilePath(s));
    if (!QFileInfo(p).isFile()) throw core::InputError(s.toStdString(), key, "no such file");
    return p;
}

QStringList resolveInputs(const QString& base, const QString& setting, const char* key) {
    QStringList out;
    for (const QString& part : setting.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString p = resolveInput(base, part, key); !p.isEmpty()) out << p;
    return out;
}

QString captionStatesFor(const QString& captions, const QString& setting) {
    if (!setting.trimmed().isEmpty()) return resolveInput(captions, setting, "caption-states");
    const QFileInfo info(captions);
    const QDir dir = info.absoluteDir();
    for (const QString& name :
         {info.completeBaseName() + QStringLiteral("-states.safetensors"),
          info.completeBaseName() + QStringLiteral("-states.npz"),
          QStringLiteral("caption-states.safetensors"), QStringLiteral("caption-states.npz")}) {
        const QString p = dir.filePath(name);
        if (QFileInfo(p).isFile()) return p;
    }
    throw core::InputError(info.fileName().toStdString(), "caption-states",
                           "no per-token states found: give them with caption-states, or put " +
                               info.completeBaseName().toStdString() +
                               "-states.safetensors or caption-states.safetensors beside it");
}

}  // namespace assay::views

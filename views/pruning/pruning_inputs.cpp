#include "views/pruning/pruning_inputs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

namespace assay::views {

namespace {

bool isHiddenTensor(const std::string& name) {
    if (name == "hidden") return true;
    const std::string suffix = ".hidden";
    return name.rfind("layers.", 0) == 0 && name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool hasHiddenStates(const std::vector<core::io::TensorInfo>& tensors) {
    for (const auto& t : tensors)
        if (isHiddenTensor(t.name)) return true;
    return false;
}

bool isMaskJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    return f.read(4096).contains("assay-expert-mask");
}

// A calibration file beside the checkpoint: calibration*.safetensors, else hidden*.safetensors.
QString findCalibration(const QDir& dir) {
    for (const char* pattern :
         {"calibration*.safetensors", "calib*.safetensors", "hidden*.safetensors"}) {
        const QStringList found = dir.entryList({QLatin1String(pattern)}, QDir::Files, QDir::Name);
        if (!found.isEmpty()) return dir.filePath(found.first());
    }
    return {};
}

std::string fileName(const QString& path) { return QFileInfo(path).fileName().toStdString(); }

}  // namespace

PruningInput classifyPruningInput(const QString& path, const QString& calib) {
    const QFileInfo info(path);
    PruningInput in;
    auto checkpointAt = [&](const QString& dir) {
        in.kind = PruningInput::Checkpoint;
        in.path = QDir::cleanPath(dir);
        if (!calib.isEmpty()) {
            in.calibration = QDir(in.path).absoluteFilePath(calib);
            in.calibrationFound = true;
            return in;
        }
        in.calibration = findCalibration(QDir(in.path));
        if (in.calibration.isEmpty())
            throw core::InputError(fileName(in.path), "calibration",
                                   "no calibration file: give one with calib (--calib FILE: "
                                   "hidden states layers.{l}.hidden) or put a "
                                   "calibration*.safetensors in the folder");
        return in;
    };
    if (info.isDir()) return checkpointAt(info.absoluteFilePath());
    if (info.fileName() == QLatin1String("config.json")) return checkpointAt(info.absolutePath());
    if (info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0) {
        in.kind = PruningInput::Mask;
        in.path = info.absoluteFilePath();
        return in;
    }
    const auto tensors = core::io::TensorFile::open(path.toStdString()).tensors();
    if (hasHiddenStates(tensors)) {
        // Hidden states: the checkpoint is the folder they sit in.
        if (!QFileInfo::exists(QDir(info.absolutePath()).filePath(QStringLiteral("config.json"))))
            throw core::InputError(fileName(path), "config.json",
                                   "hidden states open with their checkpoint: no config.json in "
                                   "their folder (open the checkpoint folder with calib = this "
                                   "file)");
        in.kind = PruningInput::Checkpoint;
        in.path = info.absolutePath();
        in.calibration = info.absoluteFilePath();
        return in;
    }
    in.kind = PruningInput::Trace;
    in.path = info.absoluteFilePath();
    return in;
}

bool opensPruningInput(const FileContents& file) {
    if (hasHiddenStates(file.tensors)) return true;
    const QFileInfo info(file.path);
    if (info.isDir())
        return QFileInfo::exists(QDir(file.path).filePath(QStringLiteral("config.json")));
    if (info.fileName() == QLatin1String("config.json")) return true;
    return file.suffix == QLatin1String("json") && isMaskJson(file.path);
}

QString checkpointExportRefusal(const core::prune::PruningModel& model,
                                const core::prune::ExpertMask& mask) {
    const int count = mask.uniformKeptCount();
    const int n = model.config().numExperts;
    if (count < 0)
        return QObject::tr(
            "the mask keeps different numbers of experts in different layers, "
            "and Hugging Face configs hold one expert count for every layer (the "
            "mask still exports as mask.json)");
    if (count != n && model.layers().size() < model.config().moeLayers.size())
        return QObject::tr(
                   "only %1 of the %2 MoE layers are loaded, and the others keep all %3 "
                   "experts: Hugging Face configs hold one expert count for every layer "
                   "(load every layer, or export the mask as mask.json)")
            .arg(model.layers().size())
            .arg(model.config().moeLayers.size())
            .arg(n);
    return {};
}

}  // namespace assay::views

// PruningModel::openCheckpoint: a Hugging Face checkpoint (io's MoeCheckpoint) and the captured
// block inputs (io::HiddenStates). Weights stay in the checkpoint's memory map; the split is row
// lists over the calibration matrix, so nothing is copied.
#include <cmath>

#include "assay/core/error.h"
#include "assay/prune/moe_checkpoint.h"
#include "pruning_model_sources.h"

namespace assay::core::prune {

PruningModel PruningModel::openCheckpoint(const std::filesystem::path& checkpointDir,
                                          const std::filesystem::path& calibration,
                                          const PruningOpenOptions& options, JobContext& job) {
    job.stage("opening checkpoint");
    struct Owner {
        MoeCheckpoint checkpoint;
        io::HiddenStates hidden;
    };
    auto owner = std::make_shared<Owner>(
        Owner{MoeCheckpoint::open(checkpointDir), io::HiddenStates::open(calibration)});
    const MoeConfig& cfg = owner->checkpoint.config();
    const io::HiddenStates& hs = owner->hidden;
    const std::string calib = calibration.filename().string();
    auto m = std::make_unique<Impl>();
    m->source = PruningSource::Checkpoint;
    m->config = cfg;
    std::vector<int> available;
    for (int l : cfg.moeLayers)
        if (hs.hasLayer(l)) available.push_back(l);
    if (options.layers.empty() && available.empty())
        throw InputError(calib, "layers", "holds no MoE layer of the checkpoint");
    m->layers = chooseLayers(options.layers, available, [&](int l) {
        owner->checkpoint.requireMoeLayer(l);
        (void)hs.hidden(l);  // InputError listing the layers the file has
    });
    for (int l : m->layers) {
        owner->checkpoint.layer(l);  // shapes checked against config.json up front
        Impl::Calibration c{hs.hidden(l), hs.target(l)};
        if (c.hidden.cols != cfg.hidden)
            throw InputError(calib, c.hidden.name,
                             "width " + std::to_string(c.hidden.cols) + ", expected d = " +
                                 std::to_string(cfg.hidden) + " (hidden_size in config.json)");
        if (c.target && (c.target->cols != cfg.hidden || c.target->rows != c.hidden.rows))
            throw InputError(calib, c.target->name,
                             "shape [" + std::to_string(c.target->rows) + ", " +
                                 std::to_string(c.target->cols) + "], expected [" +
                                 std::to_string(c.hidden.rows) + ", " + std::to_string(cfg.hidden) +
                                 "]");
        m->calibration[l] = c;
        job.throwIfCancelled();
    }
    m->tokenIds = hs.tokenIds();
    double vocab = 0;
    const auto& meta = hs.file().metadata();
    if (auto it = meta.find("vocab_size"); it != meta.end()) {
        try {
            vocab = std::stod(it->second);
        } catch (const std::exception&) {
            throw InputError(calib, "__metadata__.vocab_size",
                             "'" + it->second + "' is not a number");
        }
    }
    finishCalibrated(*m, hs.tokens(), options, vocab);
    m->files = owner->checkpoint.files();
    m->files.push_back(calibration);
    const Owner* o = owner.get();
    m->weights = [o](int l) { return o->checkpoint.layer(l); };
    m->owner = owner;
    return PruningModelFactory::make(std::move(m));
}

}  // namespace assay::core::prune

// PruningModel: accessors, availability of the criteria, the calibration split, and the inputs and
// routing the analyses compute with (pruning_model_impl.h).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "pruning_model_impl.h"

namespace assay::core::prune {

PruningModel::PruningModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PruningModel::PruningModel(PruningModel&&) noexcept = default;
PruningModel& PruningModel::operator=(PruningModel&&) noexcept = default;
PruningModel::~PruningModel() = default;

PruningModel::Impl& PruningModel::impl() const { return *m_impl; }
PruningSource PruningModel::source() const { return m_impl->source; }
const MoeConfig& PruningModel::config() const { return m_impl->config; }
const std::vector<int>& PruningModel::layers() const { return m_impl->layers; }
std::int64_t PruningModel::estimationTokens() const { return m_impl->estimation; }
std::int64_t PruningModel::heldOutTokens() const { return m_impl->heldOut; }
bool PruningModel::hasWeights() const { return m_impl->hasLayerWeights(); }
bool PruningModel::hasTaskLoss() const { return m_impl->demo != nullptr; }
std::vector<std::string> PruningModel::domainNames() const {
    return m_impl->demo ? m_impl->demo->domainNames() : std::vector<std::string>{};
}
std::string PruningModel::gradientLossDescription() const { return m_impl->gradientLoss; }
std::vector<std::filesystem::path> PruningModel::inputFiles() const { return m_impl->files; }

std::string PruningModel::unavailableReason(Criterion c) const {
    const Impl& m = *m_impl;
    const CriterionGroup g = criterionGroup(c);
    if ((g == CriterionGroup::Weight || g == CriterionGroup::Activation ||
         g == CriterionGroup::Gradient) &&
        !m.hasLayerWeights())
        return "needs expert weights: a routing trace has none";
    if ((c == Criterion::EVTC || c == Criterion::ETS) && !m.hasTokenIds())
        return m.source == PruningSource::Trace ? "needs token_ids in the routing trace"
                                                : "needs token_ids in the calibration file";
    if (g == CriterionGroup::Gradient && m.gradientLoss.empty()) return m.gradientMissing;
    return "";
}

std::unique_ptr<PruningModel::Impl> PruningModel::Impl::copy() const {
    auto c = std::make_unique<Impl>();
    c->source = source;
    c->config = config;
    c->layers = layers;
    c->estimation = estimation;
    c->heldOut = heldOut;
    c->files = files;
    c->gradientLoss = gradientLoss;
    c->gradientMissing = gradientMissing;
    c->owner = owner;
    c->weights = weights;
    c->calibration = calibration;
    c->estimationRows = estimationRows;
    c->heldOutRows = heldOutRows;
    c->tokenIds = tokenIds;
    c->vocabulary = vocabulary;
    c->vocabularyNote = vocabularyNote;
    c->demo = demo;
    c->trace = trace;
    return c;
}

bool PruningModel::Impl::hasTokenIds() const {
    if (demo) return true;
    return !tokenIds.empty();
}

BlockInput PruningModel::Impl::input(const ExpertMask& mask, int l, bool held,
                                     std::vector<float>& storage) const {
    BlockInput x;
    if (demo) {
        storage = demo->blockInputs(mask, l, held);
        x.dtype = io::DType::F32;
        x.cols = config.hidden;
        x.rows = static_cast<std::int64_t>(storage.size()) / std::max(1, config.hidden);
        x.data = storage.data();
        return x;
    }
    const io::HiddenMatrix& h = calibration.at(l).hidden;
    const auto& rows = held ? heldOutRows : estimationRows;
    x.dtype = h.dtype;
    x.rows = h.rows;
    x.cols = h.cols;
    x.data = h.data;
    x.select = rows.data();
    x.selected = static_cast<std::int64_t>(rows.size());
    return x;
}

std::optional<BlockInput> PruningModel::Impl::target(int l) const {
    auto it = calibration.find(l);
    if (it == calibration.end() || !it->second.target) return std::nullopt;
    const io::HiddenMatrix& t = *it->second.target;
    BlockInput x{t.dtype,
                 t.rows,
                 t.cols,
                 t.data,
                 estimationRows.data(),
                 static_cast<std::int64_t>(estimationRows.size())};
    return x;
}

std::vector<std::int64_t> PruningModel::Impl::tokenIdsOf(bool held) const {
    if (demo) {
        const std::vector<std::int32_t> ids = demo->tokenIds(held);
        return {ids.begin(), ids.end()};
    }
    std::vector<std::int64_t> out;
    if (tokenIds.empty()) return out;
    for (std::int64_t r : held ? heldOutRows : estimationRows)
        out.push_back(tokenIds[static_cast<std::size_t>(r)]);
    return out;
}

std::optional<Routing> PruningModel::Impl::routing(const ExpertMask& mask, int l, bool held,
                                                   JobContext& job) const {
    const int n = config.numExperts, k = config.topK;
    const std::vector<bool> kept = keptOf(mask, l, n);
    if (hasLayerWeights()) {
        std::vector<float> storage;
        return pruneEngine().route(config, layerWeights(l), input(mask, l, held, storage), kept,
                                   job);
    }
    const TraceLayer& t = trace.at(l);
    const auto& rows = held ? heldOutRows : estimationRows;
    Routing r;
    r.tokens = static_cast<std::int64_t>(rows.size());
    r.k = k;
    r.idx.reserve(rows.size() * static_cast<std::size_t>(k));
    const bool full = keptCountOf(kept) == n;
    if (full || t.logits.empty()) {
        if (!full) return std::nullopt;
        for (std::int64_t row : rows)
            for (int j = 0; j < k; ++j)
                r.idx.push_back(t.idx[static_cast<std::size_t>(row * k + j)]);
        return r;
    }
    // Re-routed: top-k of the logits over the surviving experts, descending, ties to the lower
    // index (the trace loader's rule for logits-only traces).
    std::vector<int> order(static_cast<std::size_t>(n));
    for (std::int64_t row : rows) {
        const float* z = t.logits.data() + row * n;
        std::iota(order.begin(), order.end(), 0);
        order.erase(std::remove_if(order.begin(), order.end(),
                                   [&](int e) { return !kept[static_cast<std::size_t>(e)]; }),
                    order.end());
        std::partial_sort(order.begin(), order.begin() + k, order.end(),
                          [&](int a, int b) { return z[a] > z[b] || (z[a] == z[b] && a < b); });
        r.idx.insert(r.idx.end(), order.begin(), order.begin() + k);
        order.resize(static_cast<std::size_t>(n));
    }
    job.throwIfCancelled();
    return r;
}

std::shared_ptr<const std::vector<float>> PruningModel::Impl::fullOutput(int l,
                                                                         JobContext& job) const {
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        auto it = fullOutputs.find(l);
        if (it != fullOutputs.end()) return it->second;
    }
    const ExpertMask full = fullMaskOf(*this);
    std::vector<float> storage;
    const BlockInput x = input(full, l, true, storage);
    auto y = std::make_shared<const std::vector<float>>(pruneEngine().forward(
        config, layerWeights(l), x,
        std::vector<bool>(static_cast<std::size_t>(config.numExperts), true), nullptr, job));
    std::lock_guard<std::mutex> lock(cacheMutex);
    fullOutputs[l] = y;
    return y;
}

std::vector<bool> keptOf(const ExpertMask& mask, int layer, int n) {
    auto it = mask.layers.find(layer);
    if (it == mask.layers.end()) return std::vector<bool>(static_cast<std::size_t>(n), true);
    if (static_cast<int>(it->second.kept.size()) != n)
        throw ParameterError("mask", "layer " + std::to_string(layer) + " has " +
                                         std::to_string(it->second.kept.size()) +
                                         " experts, the model " + std::to_string(n));
    return it->second.kept;
}

int keptCountOf(const std::vector<bool>& kept) {
    return static_cast<int>(std::count(kept.begin(), kept.end(), true));
}

ExpertMask fullMaskOf(const PruningModel::Impl& m) {
    ExpertMask mask;
    mask.numExperts = m.config.numExperts;
    mask.topK = m.config.topK;
    mask.criterion = "manual";
    mask.procedure = "manual";
    for (int l : m.layers) {
        LayerMask& lm = mask.layers[l];
        lm.kept.assign(static_cast<std::size_t>(m.config.numExperts), true);
        lm.criterion.assign(static_cast<std::size_t>(m.config.numExperts),
                            std::numeric_limits<double>::quiet_NaN());
    }
    return mask;
}

void splitRows(std::int64_t T, double fraction, std::uint64_t seed,
               std::vector<std::int64_t>& estimation, std::vector<std::int64_t>& heldOut) {
    if (!(fraction > 0 && fraction < 1))
        throw ParameterError("held-out fraction", std::to_string(fraction) + " is outside (0, 1)");
    const std::int64_t held =
        static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(T)));
    if (held < 1 || held >= T)
        throw ParameterError("held-out fraction",
                             std::to_string(fraction) + " of " + std::to_string(T) +
                                 " calibration tokens leaves no estimation or no held-out tokens");
    std::vector<std::int64_t> perm(static_cast<std::size_t>(T));
    std::iota(perm.begin(), perm.end(), 0);
    SplitMix64 rng(seed);
    for (std::int64_t i = T - 1; i > 0; --i)
        std::swap(perm[static_cast<std::size_t>(i)],
                  perm[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(i + 1)))]);
    heldOut.assign(perm.begin(), perm.begin() + held);
    estimation.assign(perm.begin() + held, perm.end());
    std::sort(heldOut.begin(), heldOut.end());
    std::sort(estimation.begin(), estimation.end());
}

}  // namespace assay::core::prune

// The checkpoint handle: config.json and the tensor directory at open, each MoE layer assembled
// on request as views into the shards' memory maps (nothing copied, nothing converted).
#include "assay/prune/moe_checkpoint.h"

#include "assay/core/error.h"
#include "checkpoint_internal.h"

namespace assay::core::prune {

struct MoeCheckpoint::Impl {
    std::filesystem::path dir;
    detail::CheckpointConfig config;
    std::unique_ptr<detail::TensorDirectory> tensors;

    WeightView view(const std::string& name) const {
        WeightView v;
        v.name = name;
        if (const auto found = tensors->find(name)) {
            v.dtype = found->info->dtype;
            v.shape = found->info->shape;
            v.data = found->data;
        }
        return v;  // data == nullptr: checkLayerWeights reports it missing with the shape
    }
    ExpertWeights expert(int l, int j) const {
        const MoeFamily f = config.config.family;
        return {view(detail::expertName(f, l, j, detail::Projection::Gate)),
                view(detail::expertName(f, l, j, detail::Projection::Up)),
                view(detail::expertName(f, l, j, detail::Projection::Down))};
    }
};

// Defined in checkpoint_export.cpp.
namespace detail {
void exportPrunedCheckpoint(const MoeCheckpoint& checkpoint, const TensorDirectory& tensors,
                            const CheckpointConfig& config, const ExpertMask& mask,
                            const std::filesystem::path& outDir, JobContext& job);
}

MoeCheckpoint::MoeCheckpoint(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MoeCheckpoint::MoeCheckpoint(MoeCheckpoint&&) noexcept = default;
MoeCheckpoint& MoeCheckpoint::operator=(MoeCheckpoint&&) noexcept = default;
MoeCheckpoint::~MoeCheckpoint() = default;

MoeCheckpoint MoeCheckpoint::open(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw InputError(dir.string(), "",
                         "not a folder, expected a Hugging Face checkpoint folder (config.json "
                         "and safetensors)");
    auto impl = std::make_unique<Impl>();
    impl->dir = dir;
    impl->config = detail::readCheckpointConfig(dir / "config.json");
    impl->tensors = detail::TensorDirectory::open(dir);
    MoeConfig& c = impl->config.config;
    if (impl->config.sharedFromTensors) {
        // Qwen2MoeConfig defaults this key; the tensors say what this checkpoint holds.
        const WeightView shared =
            impl->view(detail::sharedExpertName(c.moeLayers.front(), detail::Projection::Gate));
        if (shared.data != nullptr && !shared.shape.empty())
            c.sharedExpertHidden = static_cast<int>(shared.shape[0]);
    }
    return MoeCheckpoint(std::move(impl));
}

const std::filesystem::path& MoeCheckpoint::dir() const { return m_impl->dir; }
const MoeConfig& MoeCheckpoint::config() const { return m_impl->config.config; }

std::vector<std::filesystem::path> MoeCheckpoint::files() const {
    std::vector<std::filesystem::path> out{m_impl->dir / "config.json"};
    for (auto& f : m_impl->tensors->files()) out.push_back(f);
    return out;
}

void MoeCheckpoint::requireMoeLayer(int l) const {
    const MoeConfig& c = config();
    for (const int m : c.moeLayers)
        if (m == l) return;
    std::string list;
    for (const int m : c.moeLayers) list += (list.empty() ? "" : ", ") + std::to_string(m);
    const bool exists = l >= 0 && l < c.numLayers;
    throw InputError(m_impl->dir.string(), "layer " + std::to_string(l),
                     std::string(exists ? "is a dense (non-MoE) decoder layer"
                                        : "is not a decoder layer of this model (" +
                                              std::to_string(c.numLayers) + " layers)") +
                         ", expected an MoE layer: " + list);
}

MoeLayerWeights MoeCheckpoint::layer(int l) const {
    requireMoeLayer(l);
    const MoeConfig& c = config();
    MoeLayerWeights w;
    w.layer = l;
    w.router = m_impl->view(detail::routerName(c.family, l));
    for (int j = 0; j < c.numExperts; ++j) w.experts.push_back(m_impl->expert(l, j));
    if (c.family == MoeFamily::QwenMoe && c.sharedExpertHidden > 0) {
        w.hasShared = true;
        w.shared = {m_impl->view(detail::sharedExpertName(l, detail::Projection::Gate)),
                    m_impl->view(detail::sharedExpertName(l, detail::Projection::Up)),
                    m_impl->view(detail::sharedExpertName(l, detail::Projection::Down))};
        w.sharedGate = m_impl->view(detail::sharedGateName(l));
    }
    checkLayerWeights(w, c, m_impl->dir.string());
    return w;
}

void MoeCheckpoint::exportPruned(const ExpertMask& mask, const std::filesystem::path& outDir,
                                 JobContext& job) const {
    detail::exportPrunedCheckpoint(*this, *m_impl->tensors, m_impl->config, mask, outDir, job);
}

}  // namespace assay::core::prune

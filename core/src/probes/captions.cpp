// Captions with their per-token states (assay/probes/captions.h): the JSON Lines parsed by
// caption_parse.cpp, the states through io::HiddenStates (one loader), their row counts matched.
#include "assay/probes/captions.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "assay/core/error.h"
#include "caption_parse.h"

namespace assay::core::probes {

struct CaptionSet::Impl {
    std::string label;  // the states file, in messages
    std::vector<Caption> captions;
    std::optional<io::HiddenStates> states;
    std::vector<float> owned;  // fromMemory: [L, T, d]
    std::map<int, io::HiddenMatrix> byLayer;
    std::int64_t width = 0;
};

CaptionSet::CaptionSet(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
CaptionSet::CaptionSet(CaptionSet&&) noexcept = default;
CaptionSet& CaptionSet::operator=(CaptionSet&&) noexcept = default;
CaptionSet::~CaptionSet() = default;

CaptionSet CaptionSet::open(const std::filesystem::path& captions,
                            const std::filesystem::path& states) {
    const std::string label = captions.filename().string();
    std::ifstream in(captions, std::ios::binary);
    if (!in) throw InputError(label, "", "cannot open the file for reading");
    std::ostringstream text;
    text << in.rdbuf();
    auto impl = std::make_unique<Impl>();
    impl->captions = detail::parseCaptions(text.str(), label);
    impl->label = states.filename().string();
    impl->states.emplace(io::HiddenStates::open(states));
    const Caption& last = impl->captions.back();
    const std::int64_t tokens = last.firstRow + static_cast<std::int64_t>(last.tokens.size());
    if (impl->states->tokens() != tokens)
        throw InputError(impl->label, "",
                         "states have " + std::to_string(impl->states->tokens()) + " rows, " +
                             label + " has " + std::to_string(tokens) +
                             " tokens; the rows are every caption's tokens in order");
    for (const int l : impl->states->layers()) impl->byLayer.emplace(l, impl->states->hidden(l));
    impl->width = impl->states->width();
    return CaptionSet(std::move(impl));
}

CaptionSet CaptionSet::fromMemory(std::vector<Caption> captions, std::vector<int> layers,
                                  std::int64_t width, std::vector<float> states) {
    auto impl = std::make_unique<Impl>();
    impl->label = "captions";
    if (captions.empty()) throw InputError("captions", "", "no captions");
    const std::int64_t tokens = detail::normaliseCaptions(captions, "captions");
    const std::set<int> distinct(layers.begin(), layers.end());
    if (layers.empty() || width < 1 || distinct.size() != layers.size() || *distinct.begin() < 0)
        throw InputError("captions", "states",
                         "expected at least one layer (distinct numbers >= 0) and width >= 1");
    const auto size = static_cast<std::int64_t>(layers.size()) * tokens * width;
    if (static_cast<std::int64_t>(states.size()) != size)
        throw InputError("captions", "states",
                         "has " + std::to_string(states.size()) +
                             " values, expected L*T*d = " + std::to_string(size) +
                             " (T = " + std::to_string(tokens) + " caption tokens)");
    impl->captions = std::move(captions);
    impl->owned = std::move(states);
    impl->width = width;
    for (std::size_t i = 0; i < layers.size(); ++i)
        impl->byLayer.emplace(
            layers[i],
            io::HiddenMatrix{"layers." + std::to_string(layers[i]) + ".hidden", io::DType::F32,
                             tokens, width,
                             impl->owned.data() + static_cast<std::int64_t>(i) * tokens * width});
    return CaptionSet(std::move(impl));
}

const std::vector<Caption>& CaptionSet::captions() const { return m_impl->captions; }
std::int64_t CaptionSet::width() const { return m_impl->width; }
bool CaptionSet::hasLayer(int layer) const { return m_impl->byLayer.count(layer) != 0; }

std::vector<int> CaptionSet::layers() const {
    std::vector<int> out;
    for (const auto& [l, m] : m_impl->byLayer) out.push_back(l);
    return out;
}

io::HiddenMatrix CaptionSet::states(int layer) const {
    const auto it = m_impl->byLayer.find(layer);
    if (it == m_impl->byLayer.end()) {
        std::string list;
        for (const int l : layers()) list += (list.empty() ? "" : ", ") + std::to_string(l);
        throw InputError(m_impl->label, "layer " + std::to_string(layer),
                         "no caption states for this layer (the states have layers " + list + ")");
    }
    return it->second;
}

}  // namespace assay::core::probes

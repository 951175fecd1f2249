// TraceSource: a routing trace read from the memory map of a safetensors file, checked up front
// (names, dtypes, shapes) and chunk by chunk (index values); loadTrace() gathers it in memory.
#include "assay/moe/trace_loader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/tensor_file.h"

namespace assay::core::moe {

using io::DType;
using io::TensorInfo;

struct LayerTensors {
    const TensorInfo* idx = nullptr;
    const TensorInfo* weight = nullptr;
    const TensorInfo* logits = nullptr;
};

struct TraceSource::Impl {
    Impl(io::TensorFile f, std::string l) : file(std::move(f)), label(std::move(l)) {}
    io::TensorFile file;
    std::string label;
    std::vector<LayerTensors> layers;
    std::vector<char> opened;  // [L] the layers open() checked: the only ones read
    const TensorInfo* domain = nullptr;
    const TensorInfo* tokenIds = nullptr;
    std::int64_t tokens = -1;
    std::string tokensFrom;  // the tensor that fixed T, for messages
    int k = 0;
    int n = 0;
    std::string model;
    std::vector<std::string> domainNames;
    std::vector<std::string> warnings;

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw InputError(label, field, problem);
    }
};

namespace {

// Converts count indices starting at element `first` to int32, saturating values beyond the
// 32-bit range (they are then reported as outside [0,n)). I32 is a plain copy.
void toInt32s(const unsigned char* base, DType dtype, std::int64_t first, std::int64_t count,
              std::int32_t* out, std::vector<std::int64_t>& wide) {
    if (dtype == DType::I32) {
        std::memcpy(out, base + static_cast<std::size_t>(first) * 4,
                    static_cast<std::size_t>(count) * 4);
        return;
    }
    // Widened through a small buffer that stays in cache: a chunk-sized one (64 MB of int64 for
    // 1M top-8 rows) cost more in page faults and zero-filling than the counting itself.
    constexpr std::int64_t kPiece = 1 << 14;
    wide.resize(static_cast<std::size_t>(std::min(count, kPiece)));
    for (std::int64_t p0 = 0; p0 < count; p0 += kPiece) {
        const std::int64_t piece = std::min(kPiece, count - p0);
        io::convertElements(base, dtype, first + p0, piece, wide.data());
        for (std::int64_t i = 0; i < piece; ++i) {
            const std::int64_t v = wide[static_cast<std::size_t>(i)];
            out[p0 + i] = static_cast<std::int32_t>(
                std::clamp<std::int64_t>(v, std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max()));
        }
    }
}

// Range and repeat check of rows [first, first+rows); stamp[e] = last row that chose e.
void checkRows(const TraceSource::Impl& m, const std::string& name, const std::int32_t* idx,
               std::int64_t first, std::int64_t rows, int k, int n,
               std::vector<std::int64_t>& stamp) {
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int32_t* row = idx + r * k;
        bool ok = true;
        for (int s = 0; s < k; ++s)
            ok &= static_cast<std::uint32_t>(row[s]) < static_cast<std::uint32_t>(n);
        if (ok && n <= 64) {  // repeats: popcount of the row's mask
            std::uint64_t mask = 0;
            for (int s = 0; s < k; ++s) mask |= std::uint64_t{1} << row[s];
            if (__builtin_popcountll(mask) == k) continue;
        }
        for (int s = 0; s < k; ++s) {
            const std::int32_t v = row[s];
            if (v < 0 || v >= n)
                m.fail(name, "row " + std::to_string(first + r + 1) + ": expert index " +
                                 std::to_string(v) + " is outside [0, " + std::to_string(n) + ")");
            if (stamp[static_cast<std::size_t>(v)] == first + r)
                m.fail(name, "row " + std::to_string(first + r + 1) + ": expert " +
                                 std::to_string(v) + " appears twice");
            stamp[static_cast<std::size_t>(v)] = first + r;
        }
    }
}

// Every router logit must be finite: top-k and C2R order experts by them, and a NaN or ±Inf
// makes that order (and the softmax weights) meaningless, so it is refused, never skipped.
// v holds rows [first, first+rows) of n logits; rows count from 1 in the message.
void checkFinite(const TraceSource::Impl& m, const std::string& name, const float* v,
                 std::int64_t first, std::int64_t rows, int n) {
    bool ok = true;
    for (std::int64_t i = 0; i < rows * n; ++i) ok &= std::isfinite(v[i]);
    if (ok) return;
    for (std::int64_t r = 0; r < rows; ++r)
        for (int e = 0; e < n; ++e) {
            const float x = v[r * n + e];
            if (!std::isfinite(x))
                m.fail(name, "row " + std::to_string(first + r + 1) + ": logit of expert " +
                                 std::to_string(e) + " is " +
                                 (x != x  ? "NaN"
                                  : x > 0 ? "+Inf"
                                          : "-Inf") +
                                 " (router logits must be finite)");
        }
}

std::vector<float> readFloats(const io::TensorFile& file, const TensorInfo& t) {
    std::vector<float> out(static_cast<std::size_t>(t.numel()));
    io::ChunkedReader(file, t.name).readElements(0, t.numel(), out.data());
    return out;
}

std::vector<float> readLogits(const TraceSource::Impl& m, const TensorInfo& t) {
    std::vector<float> out = readFloats(m.file, t);
    const int n = t.shape.size() == 2 ? static_cast<int>(t.shape[1]) : 1;
    checkFinite(m, t.name, out.data(), 0, n > 0 ? t.numel() / n : 0, n);
    return out;
}

bool isIndexType(DType t) {
    return t == DType::I64 || t == DType::I32 || t == DType::I16 || t == DType::I8 ||
           t == DType::U8;
}
bool isFloatType(DType t) {
    return t == DType::F64 || t == DType::F32 || t == DType::F16 || t == DType::BF16;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

int metadataInt(const TraceSource::Impl& m, const std::string& key) {
    const auto it = m.file.metadata().find(key);
    if (it == m.file.metadata().end()) return 0;
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || v <= 0 || v > std::numeric_limits<int>::max())
        m.fail("__metadata__." + key, "'" + it->second + "' is not a positive integer");
    return static_cast<int>(v);
}

// Every tensor of the trace has T rows; the first one seen fixes T.
void checkRows(TraceSource::Impl& m, const TensorInfo& t) {
    if (m.tokens < 0) {
        m.tokens = t.shape[0];
        m.tokensFrom = t.name;
        return;
    }
    if (t.shape[0] != m.tokens)
        m.fail(t.name, "has " + std::to_string(t.shape[0]) + " tokens, expected " +
                           std::to_string(m.tokens) + " (as " + m.tokensFrom + ")");
}

void collectLayers(TraceSource::Impl& m) {
    std::map<int, LayerTensors> found;
    for (const TensorInfo& t : m.file.tensors()) {
        if (t.name.rfind("layers.", 0) != 0) continue;
        const std::size_t dot = t.name.find('.', 7);
        if (dot == std::string::npos || dot == 7) continue;
        const std::string num = t.name.substr(7, dot - 7), what = t.name.substr(dot + 1);
        if (num.find_first_not_of("0123456789") != std::string::npos || num.size() > 6) continue;
        LayerTensors& l = found[std::stoi(num)];
        if (what == "topk_idx")
            l.idx = &t;
        else if (what == "topk_weight")
            l.weight = &t;
        else if (what == "router_logits")
            l.logits = &t;
    }
    if (found.empty())
        m.fail("layers.0.topk_idx",
               "not found: a routing trace needs layers.{l}.topk_idx or layers.{l}.router_logits");
    const int count = found.rbegin()->first + 1;
    for (int l = 0; l < count; ++l) {
        const auto it = found.find(l);
        if (it == found.end() || (!it->second.idx && !it->second.logits))
            m.fail("layers." + std::to_string(l) + ".topk_idx",
                   "missing (layers are numbered 0.." + std::to_string(count - 1) +
                       "; each needs topk_idx or router_logits)");
        m.layers.push_back(it->second);
    }
}

void checkLayer(TraceSource::Impl& m, const LayerTensors& l) {
    if (l.idx) {
        const TensorInfo& t = *l.idx;
        if (!isIndexType(t.dtype))
            m.fail(t.name, std::string("has dtype ") + io::dtypeName(t.dtype) +
                               ", expected an integer type (I64, I32, I16, I8, U8)");
        if (t.shape.size() != 2)
            m.fail(t.name, "has shape " + shapeText(t.shape) + ", expected [T,k]");
        checkRows(m, t);
        const int k = static_cast<int>(t.shape[1]);
        if (m.k == 0)
            m.k = k;
        else if (k != m.k)
            m.fail(t.name, "has k = " + std::to_string(k) + ", expected " + std::to_string(m.k) +
                               " (top_k of the other layers)");
    }
    if (l.logits) {
        const TensorInfo& t = *l.logits;
        if (!isFloatType(t.dtype))
            m.fail(t.name,
                   std::string("has dtype ") + io::dtypeName(t.dtype) + ", expected a float type");
        if (t.shape.size() != 2)
            m.fail(t.name, "has shape " + shapeText(t.shape) + ", expected [T,n]");
        checkRows(m, t);
        if (m.n == 0)
            m.n = static_cast<int>(t.shape[1]);
        else if (t.shape[1] != m.n)
            m.fail(t.name, "has " + std::to_string(t.shape[1]) +
                               " experts, expected n = " + std::to_string(m.n));
    }
}

void checkWeights(TraceSource::Impl& m, const LayerTensors& l) {
    if (!l.weight) return;
    const TensorInfo& t = *l.weight;
    if (!isFloatType(t.dtype))
        m.fail(t.name,
               std::string("has dtype ") + io::dtypeName(t.dtype) + ", expected a float type");
    if (t.shape != std::vector<std::int64_t>{m.tokens, m.k})
        m.fail(t.name, "has shape " + shapeText(t.shape) + ", expected " +
                           shapeText({m.tokens, m.k}) + " like the indices");
}

void checkPerToken(TraceSource::Impl& m, const TensorInfo* t) {
    if (!t) return;
    if (!isIndexType(t->dtype))
        m.fail(t->name,
               std::string("has dtype ") + io::dtypeName(t->dtype) + ", expected an integer type");
    if (t->shape.size() != 1)
        m.fail(t->name, "has shape " + shapeText(t->shape) + ", expected [T]");
    checkRows(m, *t);
}

void readMetadata(TraceSource::Impl& m) {
    const auto& meta = m.file.metadata();
    if (auto it = meta.find("model"); it != meta.end()) m.model = it->second;
    if (auto it = meta.find("domain_names"); it != meta.end()) {
        const nlohmann::json names = nlohmann::json::parse(it->second, nullptr, false);
        if (!names.is_array())
            m.fail("__metadata__.domain_names", "expected a JSON list of strings");
        for (const auto& v : names) {
            if (!v.is_string())
                m.fail("__metadata__.domain_names", "expected a JSON list of strings");
            m.domainNames.push_back(v.get<std::string>());
        }
    }
}

}  // namespace

TraceSource::TraceSource(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TraceSource::TraceSource(TraceSource&&) noexcept = default;
TraceSource& TraceSource::operator=(TraceSource&&) noexcept = default;
TraceSource::~TraceSource() = default;

TraceSource TraceSource::open(const std::filesystem::path& path, const std::vector<int>& layers) {
    auto m = std::make_unique<Impl>(io::TensorFile::open(path), path.filename().string());
    readMetadata(*m);
    const int metaN = metadataInt(*m, "num_experts"), metaK = metadataInt(*m, "top_k");
    m->n = metaN;
    m->k = metaK;
    collectLayers(*m);
    const int L = static_cast<int>(m->layers.size());
    m->opened.assign(static_cast<std::size_t>(L), layers.empty() ? 1 : 0);
    for (int l : layers) {
        if (l < 0 || l >= L)
            throw ParameterError("--layers", std::to_string(l) + " is outside [0, " +
                                                 std::to_string(L) + ") (the trace's layers)");
        m->opened[static_cast<std::size_t>(l)] = 1;
    }
    for (int l = 0; l < L; ++l)
        if (m->opened[static_cast<std::size_t>(l)]) checkLayer(*m, m->layers[l]);
    if (m->k == 0)
        m->fail("__metadata__.top_k", "missing: needed to derive top-k from router_logits");
    for (int l = 0; l < L; ++l)
        if (m->opened[static_cast<std::size_t>(l)]) checkWeights(*m, m->layers[l]);
    m->domain = m->file.find("domain");
    m->tokenIds = m->file.find("token_ids");
    checkPerToken(*m, m->domain);
    checkPerToken(*m, m->tokenIds);
    if (m->n == 0) {  // only topk_idx layers and no num_experts: n = max index + 1
        std::int64_t maxIdx = -1;
        for (int layer = 0; layer < L; ++layer) {
            if (!m->opened[static_cast<std::size_t>(layer)]) continue;
            const LayerTensors& l = m->layers[static_cast<std::size_t>(layer)];
            const io::ChunkedReader idx(m->file, l.idx->name);
            const std::int64_t cols = std::max<std::int64_t>(1, idx.cols());
            // About 8 MiB of int64 at a time, however large the file.
            idx.forEachRowChunk<std::int64_t>(
                std::max<std::int64_t>(1, (1 << 20) / cols),
                [&](std::int64_t, std::int64_t rows, const std::int64_t* v) {
                    for (std::int64_t i = 0; i < rows * idx.cols(); ++i)
                        maxIdx = std::max(maxIdx, v[i]);
                });
        }
        if (maxIdx < 0)
            m->fail("__metadata__.num_experts",
                    "missing, and the trace has no index to infer it from");
        if (maxIdx >= std::numeric_limits<int>::max())
            m->fail("__metadata__.num_experts", "missing, and the largest index is too large");
        m->n = static_cast<int>(maxIdx + 1);
        m->warnings.push_back(
            "num_experts missing from the metadata: inferred n = " + std::to_string(m->n) +
            " from the largest expert index" + (layers.empty() ? "" : " of the layers read") +
            " (experts never chosen beyond it are not counted)");
    }
    if (m->k > m->n)
        m->fail("__metadata__.top_k",
                "k = " + std::to_string(m->k) +
                    " exceeds the number of experts n = " + std::to_string(m->n));
    if (m->tokens < 0) m->tokens = 0;
    return TraceSource(std::move(m));
}

const std::filesystem::path& TraceSource::path() const { return m_impl->file.path(); }
int TraceSource::layerCount() const { return static_cast<int>(m_impl->layers.size()); }
std::int64_t TraceSource::tokens() const { return m_impl->tokens; }
int TraceSource::k() const { return m_impl->k; }
int TraceSource::numExperts() const { return m_impl->n; }
const std::string& TraceSource::model() const { return m_impl->model; }
const std::vector<std::string>& TraceSource::domainNames() const { return m_impl->domainNames; }
bool TraceSource::hasDomain() const { return m_impl->domain != nullptr; }
bool TraceSource::hasWeights(int layer) const {
    return m_impl->layers.at(static_cast<std::size_t>(layer)).weight != nullptr;
}
bool TraceSource::hasLogits(int layer) const {
    return m_impl->layers.at(static_cast<std::size_t>(layer)).logits != nullptr;
}
const std::vector<std::string>& TraceSource::warnings() const { return m_impl->warnings; }

void TraceSource::forEachChunk(int layer, std::int64_t chunkTokens, const ChunkFn& fn,
                               JobContext& job) const {
    forEachChunk(layer, chunkTokens, fn, job, RowRange{0, tokens()});
}

void TraceSource::forEachChunk(int layer, std::int64_t chunkTokens, const ChunkFn& fn,
                               JobContext& job, RowRange range) const {
    const Impl& m = *m_impl;
    if (range.begin < 0 || range.end < range.begin || range.end > m.tokens)
        throw ParameterError(
            "rows", "[" + std::to_string(range.begin) + ", " + std::to_string(range.end) +
                        ") is outside the trace's rows [0, " + std::to_string(m.tokens) + "]");
    if (layer < 0 || layer >= layerCount())
        throw ParameterError("layer", std::to_string(layer) + " is outside [0, " +
                                          std::to_string(layerCount()) + ")");
    if (chunkTokens < 1) throw ParameterError("chunkTokens", "must be at least 1");
    if (!m.opened[static_cast<std::size_t>(layer)])
        throw ParameterError(
            "layer", std::to_string(layer) + " was not among the layers the trace was opened for");
    const LayerTensors& l = m.layers[static_cast<std::size_t>(layer)];
    const int k = m.k, n = m.n;
    const std::int64_t T = range.size(), rowsPerChunk = std::min<std::int64_t>(
                                             chunkTokens, std::max<std::int64_t>(T, 1));
    std::vector<std::int32_t> out(static_cast<std::size_t>(rowsPerChunk * k));
    std::vector<std::int64_t> wide;
    std::vector<std::int64_t> stamp(static_cast<std::size_t>(n), -1);
    const std::string& name = l.idx ? l.idx->name : l.logits->name;
    const unsigned char* base = l.idx ? m.file.rawData(name) : nullptr;
    // Logits, when the layer has them, are read (and checked finite) in blocks of a few MB,
    // whether they give the top-k or only sit beside topk_idx.
    std::unique_ptr<io::ChunkedReader> logits;
    if (l.logits) logits = std::make_unique<io::ChunkedReader>(m.file, l.logits->name);
    const std::int64_t logitBlock = std::max<std::int64_t>(1, (1 << 20) / std::max(n, 1));
    std::vector<float> block;
    job.progress(0, T);
    for (std::int64_t first = range.begin; first < range.end; first += rowsPerChunk) {
        const std::int64_t rows = std::min(rowsPerChunk, range.end - first);
        if (l.idx) {
            toInt32s(base, l.idx->dtype, first * k, rows * k, out.data(), wide);
            checkRows(m, name, out.data(), first, rows, k, n, stamp);
        }
        for (std::int64_t b0 = 0; logits && b0 < rows; b0 += logitBlock) {
            const std::int64_t count = std::min(logitBlock, rows - b0);
            block.resize(static_cast<std::size_t>(count * n));
            logits->readRows(first + b0, count, block.data());
            checkFinite(m, l.logits->name, block.data(), first + b0, count, n);
            if (l.idx) continue;
            for (std::int64_t r = 0; r < count; ++r) {
                const float* row = block.data() + r * n;
                std::int32_t* sel = &out[static_cast<std::size_t>((b0 + r) * k)];
                // sel[0..have) sorted by descending logit; strict > keeps the lower index on ties.
                int have = 0;
                for (int e = 0; e < n; ++e) {
                    const float v = row[e];
                    if (have == k && !(v > row[sel[k - 1]])) continue;
                    int pos = have < k ? have++ : k - 1;
                    while (pos > 0 && v > row[sel[pos - 1]]) {
                        sel[pos] = sel[pos - 1];
                        --pos;
                    }
                    sel[pos] = e;
                }
            }
        }
        fn(out.data(), rows);
        job.progress(first + rows - range.begin, T);
    }
}

std::vector<float> TraceSource::weights(int layer) const {
    const TensorInfo* t = m_impl->layers.at(static_cast<std::size_t>(layer)).weight;
    if (!t) return {};
    return readFloats(m_impl->file, *t);
}

std::vector<float> TraceSource::logits(int layer) const {
    const TensorInfo* t = m_impl->layers.at(static_cast<std::size_t>(layer)).logits;
    if (!t) return {};
    return readLogits(*m_impl, *t);
}

std::vector<std::int32_t> TraceSource::domain() const {
    const Impl& m = *m_impl;
    if (!m.domain) return {};
    const std::vector<std::int64_t> v = m.file.toInt64("domain");
    const std::int64_t D = m.domainNames.empty() ? std::numeric_limits<std::int32_t>::max()
                                                 : static_cast<std::int64_t>(m.domainNames.size());
    std::vector<std::int32_t> out(v.size());
    for (std::size_t t = 0; t < v.size(); ++t) {
        if (v[t] < 0 || v[t] >= D)
            m.fail("domain",
                   "row " + std::to_string(t + 1) + ": domain " + std::to_string(v[t]) +
                       " is outside [0, " + std::to_string(D) + ")" +
                       (m.domainNames.empty() ? "" : " (the names in __metadata__.domain_names)"));
        out[t] = static_cast<std::int32_t>(v[t]);
    }
    return out;
}

std::vector<std::int32_t> TraceSource::tokenIds() const {
    if (!m_impl->tokenIds) return {};
    const std::vector<std::int64_t> v = m_impl->file.toInt64("token_ids");
    std::vector<std::int32_t> out(v.size());
    for (std::size_t t = 0; t < v.size(); ++t) {
        if (v[t] < std::numeric_limits<std::int32_t>::min() ||
            v[t] > std::numeric_limits<std::int32_t>::max())
            m_impl->fail("token_ids", "row " + std::to_string(t + 1) + ": id " +
                                          std::to_string(v[t]) + " does not fit 32 bits");
        out[t] = static_cast<std::int32_t>(v[t]);
    }
    return out;
}

RoutingTrace loadTrace(const std::filesystem::path& path, JobContext& job) {
    const TraceSource src = TraceSource::open(path);
    RoutingTrace trace;
    trace.numExperts = src.numExperts();
    trace.topK = src.k();
    trace.model = src.model();
    trace.domainNames = src.domainNames();
    trace.domain = src.domain();
    trace.tokenIds = src.tokenIds();
    const int L = src.layerCount();
    for (int l = 0; l < L; ++l) {
        LayerRouting layer;
        layer.tokens = src.tokens();
        layer.k = src.k();
        layer.topkIdx.reserve(static_cast<std::size_t>(layer.tokens * layer.k));
        src.forEachChunk(
            l, 1 << 20,
            [&](const std::int32_t* idx, std::int64_t rows) {
                layer.topkIdx.insert(layer.topkIdx.end(), idx, idx + rows * layer.k);
            },
            JobContext::none());
        layer.topkWeight = src.weights(l);
        layer.routerLogits = src.logits(l);
        trace.layers.push_back(std::move(layer));
        job.progress(l + 1, L);
    }
    return trace;
}

}  // namespace assay::core::moe

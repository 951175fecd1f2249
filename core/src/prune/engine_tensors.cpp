// Views, fp32 chunks and the SwiGLU expert for the Pruning engine (see engine_tensors.h).
#include "engine_tensors.h"

#include <algorithm>

#include "assay/core/error.h"

namespace assay::core::prune::engine {

at::ScalarType scalarType(io::DType dtype) {
    switch (dtype) {
        case io::DType::F32:
            return at::kFloat;
        case io::DType::F16:
            return at::kHalf;
        case io::DType::BF16:
            return at::kBFloat16;
        case io::DType::F64:
            return at::kDouble;
        default:
            throw InputError(std::string("tensor has dtype ") + io::dtypeName(dtype) +
                             ", expected F32, F16, BF16 or F64");
    }
}

at::Tensor viewTensor(const WeightView& w) {
    if (w.data == nullptr) throw InputError(w.name, "data", "missing");
    std::vector<std::int64_t> shape = w.shape;
    if (shape.empty()) shape = {1};
    return at::from_blob(const_cast<void*>(w.data), shape,
                         at::TensorOptions().dtype(scalarType(w.dtype)));
}

at::Tensor inputTensor(const BlockInput& x) {
    return at::from_blob(const_cast<void*>(x.data), {x.rows, x.cols},
                         at::TensorOptions().dtype(scalarType(x.dtype)));
}

at::Tensor fp32(const at::Tensor& t) {
    return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat);
}

at::Tensor inputRows(const BlockInput& x, std::int64_t begin, std::int64_t end) {
    const at::Tensor all = inputTensor(x);
    if (x.select == nullptr) return all.slice(0, begin, end).to(at::kFloat).contiguous();
    const at::Tensor idx = at::from_blob(const_cast<std::int64_t*>(x.select + begin), {end - begin},
                                         at::TensorOptions().dtype(at::kLong));
    return all.index_select(0, idx).to(at::kFloat);
}

at::Tensor inputGather(const BlockInput& x, const std::int64_t* positions, std::int64_t count) {
    const at::Tensor all = inputTensor(x);
    at::Tensor idx = at::from_blob(const_cast<std::int64_t*>(positions), {count},
                                   at::TensorOptions().dtype(at::kLong));
    if (x.select != nullptr) {
        const at::Tensor sel = at::from_blob(const_cast<std::int64_t*>(x.select), {x.selected},
                                             at::TensorOptions().dtype(at::kLong));
        idx = sel.index_select(0, idx);
    }
    return all.index_select(0, idx).to(at::kFloat);
}

std::int64_t fChunkRows(const ExpertWeights& e) {
    const std::int64_t f = e.gate.rows();
    const bool allFp32 = e.gate.dtype == io::DType::F32 && e.up.dtype == io::DType::F32 &&
                         e.down.dtype == io::DType::F32;
    if (allFp32) return f;
    return std::clamp<std::int64_t>(kChunkElements / std::max<std::int64_t>(1, e.gate.cols()), 16,
                                    f);
}

ExpertChunk expertChunk(const ExpertWeights& e, std::int64_t f0, std::int64_t f1) {
    ExpertChunk c;
    c.gate = fp32(viewTensor(e.gate).slice(0, f0, f1));
    c.up = fp32(viewTensor(e.up).slice(0, f0, f1));
    const at::Tensor down = viewTensor(e.down);
    c.down =
        (f0 == 0 && f1 == down.size(1)) ? fp32(down) : fp32(down.slice(1, f0, f1)).contiguous();
    return c;
}

at::Tensor applyExpert(const ExpertWeights& e, const at::Tensor& x) {
    const std::int64_t f = e.gate.rows(), step = fChunkRows(e);
    at::Tensor out;
    for (std::int64_t f0 = 0; f0 < f; f0 += step) {
        const ExpertChunk c = expertChunk(e, f0, std::min(f, f0 + step));
        const at::Tensor h = at::silu(at::linear(x, c.gate)).mul_(at::linear(x, c.up));
        if (!out.defined())
            out = at::linear(h, c.down);
        else
            out.addmm_(h, c.down.t());
    }
    return out;
}

ExpertTokens expertTokens(const Routing& r, int n) {
    ExpertTokens t;
    t.rows.resize(static_cast<std::size_t>(n));
    t.weight.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < r.tokens; ++i)
        for (int j = 0; j < r.k; ++j) {
            const std::size_t at = static_cast<std::size_t>(i * r.k + j);
            const int p = r.idx[at];
            t.rows[static_cast<std::size_t>(p)].push_back(i);
            t.weight[static_cast<std::size_t>(p)].push_back(r.weight.empty() ? 1.f : r.weight[at]);
        }
    return t;
}

at::Tensor droppedMask(const std::vector<bool>& kept) {
    at::Tensor m = at::zeros({static_cast<std::int64_t>(kept.size())}, at::kBool);
    auto* p = m.data_ptr<bool>();
    for (std::size_t i = 0; i < kept.size(); ++i) p[i] = !kept[i];
    return m;
}

}  // namespace assay::core::prune::engine

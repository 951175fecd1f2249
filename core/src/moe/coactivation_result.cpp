#include "assay/moe/coactivation_result.h"

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

namespace assay::core::moe {
namespace {

nlohmann::json resultJson(const io::TensorFile& f) {
    const auto it = f.metadata().find("assay");
    if (it == f.metadata().end()) return nullptr;
    nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

bool isResult(const nlohmann::json& j) {
    return j.is_object() && j.contains("provenance") && j["provenance"].is_object() &&
           j["provenance"].value("analysis", std::string()) == "coactivation";
}

}  // namespace

bool isCoactivationResult(const std::filesystem::path& path) {
    if (path.extension() != ".safetensors") return false;
    try {
        return isResult(resultJson(io::TensorFile::open(path)));
    } catch (const Error&) {
        return false;  // not readable as safetensors: the caller's own loader says why
    }
}

CoactivationResult loadCoactivationResult(const std::filesystem::path& path) {
    const io::TensorFile f = io::TensorFile::open(path);
    const std::string file = path.filename().string();
    const nlohmann::json j = resultJson(f);
    if (!isResult(j)) throw InputError(file, "assay", "not an assay-run coactivation result");
    CoactivationResult r;
    try {
        const int n = j.at("num_experts").get<int>(), k = j.at("top_k").get<int>();
        const auto tokens = j.at("tokens").get<std::int64_t>();
        if (n < 2 || n > kMaxCoactivationExperts || k < 1 || k > n || tokens < 0)
            throw InputError(file, "assay", "n, k or tokens out of range");
        r.model = j.value("model", std::string());
        r.provenance = j.at("provenance");
        r.parts = r.provenance.value("parts", nlohmann::json::array()).size();
        for (const auto& layer : j.at("layers")) {
            const int l = layer.at("layer").get<int>();
            const std::string name = "layers." + std::to_string(l) + ".coactivation";
            const io::TensorInfo& info = f.require(name);
            if (info.shape != std::vector<std::int64_t>{n, n})
                throw InputError(file, name,
                                 "expected [" + std::to_string(n) + ", " + std::to_string(n) + "]");
            Coactivation c;
            c.n = n;
            c.k = k;
            c.tokens = tokens;
            c.counts = f.toInt64(name);
            std::int64_t usage = 0;
            for (std::int64_t v : c.counts)
                if (v < 0) throw InputError(file, name, "has a negative count");
            for (int i = 0; i < n; ++i) usage += c.usage(i);
            if (usage != static_cast<std::int64_t>(k) * tokens)
                throw InputError(file, name,
                                 "usage sums to " + std::to_string(usage) + ", not k·T = " +
                                     std::to_string(static_cast<std::int64_t>(k) * tokens));
            r.layerNumbers.push_back(l);
            r.layers.push_back(std::move(c));
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(file, "assay", std::string("not a coactivation result: ") + e.what());
    }
    if (r.layers.empty()) throw InputError(file, "layers", "none");
    return r;
}

}  // namespace assay::core::moe

// Captions JSON Lines (caption_parse.h): strict about what the token view will draw (every
// label and confidence belongs to a token), lenient about extra keys.
#include "caption_parse.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "assay/core/error.h"

namespace assay::core::probes::detail {
namespace {

const char* kLabelMeaning =
    "expected 1 (hallucinated object), 0 (real object), -1 or null (not an object)";

}  // namespace

void checkCaption(Caption& c, const std::string& label, const std::string& where) {
    const std::size_t n = c.tokens.size();
    if (n == 0) throw InputError(label, where, "tokens: is empty, expected at least one token");
    if (c.labels.empty()) c.labels.assign(n, -1);
    if (c.labels.size() != n)
        throw InputError(label, where,
                         "labels has " + std::to_string(c.labels.size()) + " values for " +
                             std::to_string(n) + " tokens");
    for (std::size_t i = 0; i < n; ++i)
        if (c.labels[i] < -1 || c.labels[i] > 1)
            throw InputError(label, where,
                             "labels[" + std::to_string(i) + "] is " + std::to_string(c.labels[i]) +
                                 "; " + kLabelMeaning);
    if (!c.confidences.empty() && c.confidences.size() != n)
        throw InputError(label, where,
                         "confidences has " + std::to_string(c.confidences.size()) +
                             " values for " + std::to_string(n) + " tokens");
    for (std::size_t i = 0; i < c.confidences.size(); ++i)
        if (!(c.confidences[i] >= 0 && c.confidences[i] <= 1))
            throw InputError(label, where,
                             "confidences[" + std::to_string(i) +
                                 "] is outside [0, 1] (the model's probability of the token)");
}

std::int64_t normaliseCaptions(std::vector<Caption>& captions, const std::string& label) {
    std::int64_t row = 0;
    for (std::size_t k = 0; k < captions.size(); ++k) {
        Caption& c = captions[k];
        if (c.id.empty()) c.id = "caption " + std::to_string(k);
        checkCaption(c, label, c.id);
        c.firstRow = row;
        row += static_cast<std::int64_t>(c.tokens.size());
    }
    return row;
}

std::vector<Caption> parseCaptions(std::string_view text, const std::string& label) {
    std::vector<Caption> out;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = "line " + std::to_string(number);
        const auto doc = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
        if (doc.is_discarded()) throw InputError(label, where, "is not valid JSON");
        if (!doc.is_object()) throw InputError(label, where, "is not a JSON object");
        Caption c;
        if (const auto it = doc.find("id"); it != doc.end() && !it->is_null())
            c.id = it->is_string() ? it->get<std::string>() : it->dump();
        const auto tokens = doc.find("tokens");
        if (tokens == doc.end() || !tokens->is_array())
            throw InputError(label, where, "tokens: expected a list of strings");
        for (const auto& t : *tokens) {
            if (!t.is_string())
                throw InputError(label, where, "tokens: holds " + t.dump() + ", expected strings");
            c.tokens.push_back(t.get<std::string>());
        }
        if (const auto it = doc.find("labels"); it != doc.end() && !it->is_null()) {
            if (!it->is_array()) throw InputError(label, where, "labels: expected a list");
            for (const auto& v : *it) {
                if (v.is_null()) {
                    c.labels.push_back(-1);
                } else if (v.is_number_unsigned()
                               ? v.get<std::uint64_t>() <= 1
                               : v.is_number_integer() && v.get<std::int64_t>() >= -1 &&
                                     v.get<std::int64_t>() <= 1) {
                    c.labels.push_back(static_cast<int>(v.get<std::int64_t>()));
                } else if (v.is_boolean()) {
                    c.labels.push_back(v.get<bool>() ? 1 : 0);
                } else {
                    throw InputError(label, where,
                                     "labels: holds " + v.dump() + "; " + kLabelMeaning);
                }
            }
            // An empty list is a mismatch, not "absent" (which checkCaption fills with −1).
            if (c.labels.empty() && !c.tokens.empty())
                throw InputError(
                    label, where,
                    "labels has 0 values for " + std::to_string(c.tokens.size()) + " tokens");
        }
        if (const auto it = doc.find("confidences"); it != doc.end() && !it->is_null()) {
            if (!it->is_array()) throw InputError(label, where, "confidences: expected a list");
            for (const auto& v : *it) {
                if (!v.is_number())
                    throw InputError(label, where,
                                     "confidences: holds " + v.dump() + ", expected numbers");
                c.confidences.push_back(v.get<double>());
            }
            if (c.confidences.empty() && !c.tokens.empty())
                throw InputError(
                    label, where,
                    "confidences has 0 values for " + std::to_string(c.tokens.size()) + " tokens");
        }
        if (c.id.empty()) c.id = "caption " + std::to_string(out.size());
        checkCaption(c, label, where);  // named by line here, where the user can find it
        c.firstRow =
            out.empty() ? 0
                        : out.back().firstRow + static_cast<std::int64_t>(out.back().tokens.size());
        out.push_back(std::move(c));
    }
    if (out.empty()) throw InputError(label, "", "no captions, expected one JSON object per line");
    return out;
}

}  // namespace assay::core::probes::detail

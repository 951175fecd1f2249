// makeSyntheticSet: validates the options and hands them to the domain's generator
// (synthetic_tabular.cpp, synthetic_image.cpp, synthetic_text.cpp).
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "synthetic_generators.h"

namespace assay::core::explain {

const char* domainName(Domain d) {
    switch (d) {
        case Domain::Tabular:
            return "tabular";
        case Domain::Image:
            return "image";
        case Domain::Text:
            return "text";
    }
    return "tabular";
}

Domain domainFromName(const std::string& name) {
    for (Domain d : {Domain::Tabular, Domain::Image, Domain::Text}) {
        if (name == domainName(d)) return d;
    }
    throw ParameterError("domain", "'" + name + "' is not one of tabular, image, text");
}

const char* modelKindName(ModelKind k) { return k == ModelKind::Clean ? "clean" : "shortcut"; }

ModelKind modelKindFromName(const std::string& name) {
    if (name == "clean") return ModelKind::Clean;
    if (name == "shortcut") return ModelKind::Shortcut;
    throw ParameterError("model", "'" + name + "' is not one of clean, shortcut");
}

SyntheticSet makeSyntheticSet(const SyntheticOptions& options) {
    if (!(options.strength >= 0 && options.strength <= 1)) {
        throw ParameterError("strength", std::to_string(options.strength) + " is outside [0, 1]");
    }
    if (options.items < 0) {
        throw ParameterError("items", std::to_string(options.items) + " is negative");
    }
    if (options.nTrain < 0) {
        throw ParameterError("nTrain", std::to_string(options.nTrain) + " is negative");
    }
    switch (options.domain) {
        case Domain::Tabular:
            return detail::makeTabularSet(options);
        case Domain::Image:
            return detail::makeImageSet(options);
        case Domain::Text:
            return detail::makeTextSet(options);
    }
    throw ParameterError("domain", "unknown");
}

namespace detail {
std::vector<int> cueInputs(Domain domain) {
    switch (domain) {
        case Domain::Tabular:
            return {2};  // x3
        case Domain::Image:
            return imageCueInputs();
        case Domain::Text:
            return textCueInputs();
    }
    return {};
}
}  // namespace detail

}  // namespace assay::core::explain

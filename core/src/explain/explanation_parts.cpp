#include "assay/explain/explanation_parts.h"

#include <string>

#include "assay/core/error.h"

namespace assay::core::explain {

Explanations joinExplanations(const std::vector<Explanations>& parts) {
    if (parts.empty()) throw ParameterError("parts", "no explanations to join");
    Explanations all = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const Explanations& p = parts[i];
        const std::string which = "part " + std::to_string(i);
        if (p.rowBegin != all.rowBegin + all.rows)
            throw ParameterError(which, "starts at row " + std::to_string(p.rowBegin) +
                                            ", not where the parts before end (" +
                                            std::to_string(all.rowBegin + all.rows) + ")");
        if (p.method != all.method || p.features != all.features || p.labels != all.labels ||
            p.featureNames != all.featureNames || p.expectedValue != all.expectedValue)
            throw ParameterError(which,
                                 "explains with another method, features, labels or expected "
                                 "value than part 0");
        all.rows += p.rows;
        all.attributions.insert(all.attributions.end(), p.attributions.begin(),
                                p.attributions.end());
        all.fx.insert(all.fx.end(), p.fx.begin(), p.fx.end());
        all.intercept.insert(all.intercept.end(), p.intercept.begin(), p.intercept.end());
        all.localR2.insert(all.localR2.end(), p.localR2.begin(), p.localR2.end());
        all.modelRows += p.modelRows;
    }
    return all;
}

}  // namespace assay::core::explain

// Placeholders until the shap part lands them (each throws): kernelShap, kmeansBackground,
// explainRows. The shap part deletes this file.
#include "assay/core/error.h"
#include "assay/explain/explain_rows.h"

namespace assay::core::explain {
namespace {
[[noreturn]] void notYet(const char* what) { throw ParameterError(what, "not built yet"); }
}  // namespace
Explanation kernelShap(const Model&, const Masker&, const KernelShapOptions&, JobContext&) {
    notYet("kernelShap");
}
std::vector<double> kmeansBackground(const std::vector<double>&, std::int64_t, int, int,
                                     std::uint64_t, std::vector<double>&) {
    notYet("kmeansBackground");
}
Explanations explainRows(const Model&, const TableData&, const std::vector<double>&, std::int64_t,
                         const std::vector<double>&, const ExplainRequest&, JobContext&) {
    notYet("explainRows");
}
}  // namespace assay::core::explain

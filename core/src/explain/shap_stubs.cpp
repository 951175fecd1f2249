// Placeholders until the shap part lands (each throws): model.h, masker.h, shapley.h,
// explain_rows.h, explanation.h names. The shap part deletes this file.
#include "assay/core/error.h"
#include "assay/explain/explain_rows.h"

namespace assay::core::explain {
namespace {
[[noreturn]] void notYet(const char* what) { throw ParameterError(what, "not built yet"); }
}  // namespace
const char* outputLinkName(OutputLink) { notYet("outputLinkName"); }
OutputLink outputLinkFromName(const std::string&) { notYet("outputLinkFromName"); }
const char* methodName(Method) { notYet("methodName"); }
Method methodFromName(const std::string&) { notYet("methodFromName"); }
std::unique_ptr<Model> linearModel(std::vector<double>, std::vector<double>, int, int, OutputLink) {
    notYet("linearModel");
}
std::unique_ptr<Model> loadLinearModel(const std::filesystem::path&,
                                       const std::optional<std::filesystem::path>&,
                                       std::optional<OutputLink>) {
    notYet("loadLinearModel");
}
std::unique_ptr<Model> mlpModel(std::vector<DenseLayer>, Activation, OutputLink) { notYet("mlpModel"); }
std::unique_ptr<Model> loadScriptModel(const std::filesystem::path&, int) { notYet("loadScriptModel"); }
std::unique_ptr<Model> functionModel(int, int, ModelFunction, std::string) { notYet("functionModel"); }
void evaluateRows(const Model&, const double*, std::int64_t, std::vector<double>&) { notYet("evaluateRows"); }
std::unique_ptr<Masker> tabularMasker(std::vector<double>, std::vector<double>, std::int64_t,
                                      std::vector<double>) {
    notYet("tabularMasker");
}
std::unique_ptr<Masker> groupedMasker(std::vector<double>, std::vector<int>, int, std::vector<double>) {
    notYet("groupedMasker");
}
std::vector<double> coalitionValues(const Model&, const Masker&, const std::vector<std::uint8_t>&,
                                    JobContext&) {
    notYet("coalitionValues");
}
Explanation exactShapley(const Model&, const Masker&, const std::vector<int>&, JobContext&) {
    notYet("exactShapley");
}
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

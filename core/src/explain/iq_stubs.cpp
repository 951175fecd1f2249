// Placeholders until the iq part lands (each throws): inversion_metrics.h, synthetic.h,
// inversion_analysis.h. The iq part deletes this file.
#include "assay/core/error.h"
#include "assay/explain/inversion_analysis.h"

namespace assay::core::explain {
namespace {
[[noreturn]] void notYet(const char* what) { throw ParameterError(what, "not built yet"); }
}  // namespace
const char* featureRoleName(FeatureRole) { notYet("featureRoleName"); }
double spuriousMass(const std::vector<double>&, const std::vector<FeatureRole>&) { notYet("spuriousMass"); }
double outputSwapReliance(const std::vector<double>&, const std::vector<double>&) {
    notYet("outputSwapReliance");
}
double spearmanFaithfulness(const std::vector<double>&, const std::vector<double>&) {
    notYet("spearmanFaithfulness");
}
double precisionAtK(const std::vector<double>&, const std::vector<FeatureRole>&, int) { notYet("precisionAtK"); }
double inversionScore(double, double, double) { notYet("inversionScore"); }
Pokes poke(const Model&, const Masker&, int, const std::vector<double>&, JobContext&, int, double,
           const std::vector<double>&, std::uint64_t) {
    notYet("poke");
}
Pokes pokesFromDeltas(const std::vector<double>&, std::vector<double>) { notYet("pokesFromDeltas"); }
std::vector<double> rbpRefine(const std::vector<double>&, const Pokes&, double) { notYet("rbpRefine"); }
Stability stability(const std::vector<double>&, int, int) { notYet("stability"); }
const char* domainName(Domain) { notYet("domainName"); }
Domain domainFromName(const std::string&) { notYet("domainFromName"); }
const char* modelKindName(ModelKind) { notYet("modelKindName"); }
ModelKind modelKindFromName(const std::string&) { notYet("modelKindFromName"); }
SyntheticSet makeSyntheticSet(const SyntheticOptions&) { notYet("makeSyntheticSet"); }
std::unique_ptr<Model> trainSyntheticModel(const SyntheticSet&, ModelKind, std::uint64_t, JobContext&) {
    notYet("trainSyntheticModel");
}
InversionAnalysis analyseInversion(const InversionRequest&, JobContext&) { notYet("analyseInversion"); }
}  // namespace assay::core::explain

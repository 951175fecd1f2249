// Placeholders until the lime part lands (each throws): lime.h, segmentation.h. The lime part
// deletes this file.
#include "assay/core/error.h"
#include "assay/explain/lime.h"
#include "assay/explain/segmentation.h"

namespace assay::core::explain {
namespace {
[[noreturn]] void notYet(const char* what) { throw ParameterError(what, "not built yet"); }
}  // namespace
TabularStats tabularStats(const std::vector<double>&, std::int64_t, int) { notYet("tabularStats"); }
Explanation limeTabular(const Model&, const std::vector<double>&, const TabularStats&,
                        const LimeOptions&, JobContext&) {
    notYet("limeTabular");
}
Explanation limeText(const Model&, const Masker&, const LimeOptions&, JobContext&) { notYet("limeText"); }
Explanation limeImage(const Model&, const Masker&, const LimeOptions&, JobContext&) { notYet("limeImage"); }
RidgeFit weightedRidge(const std::vector<double>&, std::int64_t, int, const std::vector<double>&,
                       const std::vector<double>&, double) {
    notYet("weightedRidge");
}
Segmentation gridSegmentation(int, int, int, int) { notYet("gridSegmentation"); }
Segmentation quickshift(const tokens::RgbImage&, const QuickshiftOptions&) { notYet("quickshift"); }
std::vector<double> segmentMeanColours(const tokens::RgbImage&, const Segmentation&) {
    notYet("segmentMeanColours");
}
}  // namespace assay::core::explain

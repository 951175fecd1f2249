#include "app/view_list.h"

#include "views/calibration/calibration_view.h"
#include "views/common/view_registry.h"
#include "views/experts/experts_view.h"
#include "views/inversion/inversion_view.h"
#include "views/judge/judge_view.h"
#include "views/probes/probes_view.h"
#include "views/pruning/pruning_view.h"
#include "views/windows/windows_view.h"

namespace assay::app {

void registerViews(views::ViewRegistry& registry) {
    registry.registerView(views::calibrationViewEntry());
    registry.registerView(views::judgeViewEntry());
    registry.registerView(views::expertsViewEntry());
    registry.registerView(views::pruningViewEntry());
    registry.registerView(views::windowsViewEntry());
    registry.registerView(views::probesViewEntry());
    registry.registerView(views::inversionViewEntry());
}

}  // namespace assay::app

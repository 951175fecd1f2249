#include "app/view_list.h"

#include "assay/conformal/calibration_input.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"
#include "views/calibration/calibration_view.h"
#include "views/experts/experts_view.h"

namespace assay::app {

void registerViews(views::ViewRegistry& registry)
{
    views::registerCalibrationView(registry);
    views::registerExpertsView(registry);
}

QVector<ViewRole> viewRoles(const QString& viewId)
{
    QVector<ViewRole> roles;
    if (viewId == QLatin1String("calibration")) {
        for (const auto& [name, description] : core::conformal::calibrationRoles())
            roles.push_back({QString::fromStdString(name), QString::fromStdString(description)});
    }
    return roles;
}

}  // namespace assay::app

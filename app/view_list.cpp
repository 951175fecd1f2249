#include "app/view_list.h"

#include "assay/conformal/calibration_input.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"
#ifdef ASSAY_HAVE_CALIBRATION_VIEW
#include "views/calibration/calibration_view.h"
#endif

namespace assay::app {

void registerViews(views::ViewRegistry& registry)
{
#ifdef ASSAY_HAVE_CALIBRATION_VIEW
    views::registerCalibrationView(registry);
#else
    (void)registry;
#endif
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

bool applyViewSettings(views::ViewBase* view, const QVariantMap& settings)
{
#ifdef ASSAY_HAVE_CALIBRATION_VIEW
    if (auto* calibration = qobject_cast<views::CalibrationView*>(view)) {
        calibration->applySettings(settings);
        return true;
    }
#endif
    (void)view;
    (void)settings;
    return false;
}

QVariantMap viewSettings(const views::ViewBase* view)
{
#ifdef ASSAY_HAVE_CALIBRATION_VIEW
    if (auto* calibration = qobject_cast<const views::CalibrationView*>(view))
        return calibration->settings();
#endif
    (void)view;
    return {};
}

}  // namespace assay::app

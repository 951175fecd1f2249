#pragma once
// A minimal view for the window tests that must not depend on a real view.
#include <QCoreApplication>

#include "assay/core/error.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app::test {

class FakeView : public views::ViewBase {
public:
    using ViewBase::ViewBase;
    QString viewId() const override { return QStringLiteral("fake"); }
    QString title() const override { return QStringLiteral("Fake"); }
    void openDemo() override { demoOpened = true; }
    void openFile(const QString& path) override { openedFile = path; }
    QStringList figureIds() const override { return {QStringLiteral("one")}; }
    void exportFigure(const QString& id, const QString&, const views::ExportOptions&) override
    {
        throw core::ParameterError("figure", id.toStdString() + " is not there");
    }
    QJsonObject saveState(const QDir& dir) const override
    {
        QJsonObject o{{QStringLiteral("value"), value}, {QStringLiteral("demo"), demoOpened}};
        if (!openedFile.isEmpty()) o[QStringLiteral("input")] = dir.relativeFilePath(openedFile);
        return o;
    }
    void restoreState(const QJsonObject& state, const QDir& dir) override
    {
        value = state.value(QStringLiteral("value")).toInt();
        demoOpened = state.value(QStringLiteral("demo")).toBool();
        if (state.contains(QStringLiteral("input")))
            openedFile = QDir::cleanPath(dir.absoluteFilePath(state.value(QStringLiteral("input")).toString()));
    }
    void setTheme(views::Theme t) override { theme = t; }
    void applySettings(const QVariantMap& s) override { applied = s; }
    QVariantMap settings() const override { return applied; }
    QVariantMap applied;
    bool isBusy() const override { return false; }
    void fail(const QString& message) { emit errorOccurred(message); }

    bool demoOpened = false;
    QString openedFile;
    int value = 0;
    views::Theme theme = views::Theme::Light;
};

inline void registerFakeView(views::ViewRegistry& registry)
{
    registry.registerView({QStringLiteral("fake"), QStringLiteral("Fake"), QIcon(),
                           [](views::JobRunner&, QWidget* parent) { return new FakeView(parent); }});
}

}  // namespace assay::app::test

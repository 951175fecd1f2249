#pragma once
// A minimal view on the kit for the window tests that must not depend on a real view: one
// setting "value", one figure, loads that succeed at once.
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include "assay/core/error.h"
#include "views/common/settings_spec.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app::test {

inline views::SettingsSpec fakeSettings() {
    views::SettingsSpec spec;
    views::SettingSpec value;
    value.key = QStringLiteral("value");
    value.type = views::SettingType::Int;
    value.label = QStringLiteral("Value");
    value.defaultValue = 0;
    value.min = 0;
    value.max = 100;
    spec.add(value);
    return spec;
}

class FakeView : public views::ViewBase {
public:
    explicit FakeView(views::JobRunner& runner, QWidget* parent = nullptr)
        : ViewBase(runner, fakeSettings(), parent) {
        figures()->addPlot({QStringLiteral("one"), QStringLiteral("One")});
    }
    QString viewId() const override { return QStringLiteral("fake"); }
    QString title() const override { return QStringLiteral("Fake"); }
    void fail(const QString& message) { emit errorOccurred(message); }
    int value() const { return settings().value(QStringLiteral("value")).toInt(); }

    bool demoOpened = false;
    QString openedFile;
    views::Theme themeSeen = views::Theme::Light;
    int recomputed = 0;

protected:
    void loadDemo() override {
        demoOpened = true;
        views::ViewInput in;
        in.demo = true;
        setInput(in);
    }
    void loadFile(const QString& path) override {
        openedFile = path;
        views::ViewInput in;
        in.path = path;
        // As the real views do (hashInputOnWorker), with Qt's hash as an independent reference.
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            in.hashes = {{QFileInfo(path).fileName().toStdString(),
                          QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                              .toHex()
                              .toStdString()}};
        setInput(in);
    }
    void recompute(views::Stage, const QStringList&) override { ++recomputed; }
    void onThemeChanged() override { themeSeen = theme(); }
    bool hasResult() const override { return false; }
};

inline views::ViewEntry fakeViewEntry() {
    views::ViewEntry e;
    e.id = QStringLiteral("fake");
    e.title = QStringLiteral("Fake");
    e.settings = fakeSettings();
    e.figures = QStringList{QStringLiteral("one")};
    e.canOpen = [](const views::FileContents& file) { return file.suffix == QLatin1String("csv"); };
    e.factory = [](views::JobRunner& runner, QWidget* parent) -> views::ViewBase* {
        return new FakeView(runner, parent);
    };
    return e;
}

inline void registerFakeView(views::ViewRegistry& registry) {
    registry.registerView(fakeViewEntry());
}

}  // namespace assay::app::test

#pragma once
// Shows a Guide one step at a time: the step's title, text and what to look at, with Back / Next
// and a "2 / 5" counter. Showing a step through goToStep (or the buttons) emits stepActivated so
// the owning view applies the step's settings; the panel itself changes nothing in the view.
#include <QVariantMap>
#include <QWidget>

#include "views/common/guide.h"

class QLabel;
class QPushButton;
class QTextBrowser;

namespace assay::views {

class GuidePanel : public QWidget {
    Q_OBJECT
public:
    explicit GuidePanel(QWidget* parent = nullptr);

    // Shows step 0 without emitting: the view starts the tour with goToStep(0) when it wants
    // the first step's settings applied.
    void setGuide(const Guide& guide);
    const Guide& guide() const { return m_guide; }
    int currentStep() const { return m_current; }  // -1 without a guide
    int stepCount() const { return int(m_guide.steps.size()); }
    // Real data is open: the demo's tour gives way to a summary of that data (title, simple
    // HTML); showGuide() or goToStep() bring the tour back.
    void showDataSummary(const QString& title, const QString& html);
    void showGuide();
    bool isShowingGuide() const { return m_showingGuide; }

public slots:
    // Shows step `index` (ignored when out of range) and emits stepActivated.
    void goToStep(int index);
    void goBack() { goToStep(m_current - 1); }
    void goNext() { goToStep(m_current + 1); }

signals:
    void stepActivated(int index, const QVariantMap& settings);

private:
    void showStep(int index);

    Guide m_guide;
    int m_current = -1;
    bool m_showingGuide = true;
    QLabel* m_guideTitle;
    QLabel* m_stepTitle;
    QTextBrowser* m_text;
    QLabel* m_look;
    QLabel* m_counter;
    QPushButton* m_back;
    QPushButton* m_next;
};

}  // namespace assay::views

#include "views/common/guide_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace assay::views {

GuidePanel::GuidePanel(QWidget* parent)
    : QWidget(parent),
      m_guideTitle(new QLabel(this)),
      m_stepTitle(new QLabel(this)),
      m_text(new QTextBrowser(this)),
      m_look(new QLabel(this)),
      m_counter(new QLabel(this)),
      m_back(new QPushButton(tr("Back"), this)),
      m_next(new QPushButton(tr("Next"), this)) {
    m_guideTitle->setObjectName(QStringLiteral("guideTitle"));
    m_stepTitle->setObjectName(QStringLiteral("guideStepTitle"));
    m_text->setObjectName(QStringLiteral("guideText"));
    m_look->setObjectName(QStringLiteral("guideLook"));
    m_counter->setObjectName(QStringLiteral("guideCounter"));
    m_back->setObjectName(QStringLiteral("guideBack"));
    m_next->setObjectName(QStringLiteral("guideNext"));

    QFont bold = m_guideTitle->font();
    bold.setBold(true);
    m_guideTitle->setFont(bold);
    m_stepTitle->setFont(bold);
    m_stepTitle->setWordWrap(true);
    m_look->setWordWrap(true);
    m_text->setOpenExternalLinks(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_counter);
    buttons->addStretch(1);
    buttons->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_guideTitle);
    layout->addWidget(m_stepTitle);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_look);
    layout->addLayout(buttons);

    connect(m_back, &QPushButton::clicked, this, &GuidePanel::goBack);
    connect(m_next, &QPushButton::clicked, this, &GuidePanel::goNext);
    showStep(-1);
}

void GuidePanel::setGuide(const Guide& guide) {
    m_guide = guide;
    m_guideTitle->setText(guide.title);
    showStep(guide.isEmpty() ? -1 : 0);
}

void GuidePanel::showDataSummary(const QString& title, const QString& html) {
    m_showingGuide = false;
    m_guideTitle->setText(title);
    m_stepTitle->clear();
    m_text->setHtml(html);
    m_look->hide();
    m_counter->clear();
    m_back->hide();
    m_next->hide();
}

void GuidePanel::showGuide() {
    m_guideTitle->setText(m_guide.title);
    showStep(m_current);
}

void GuidePanel::goToStep(int index) {
    if (index < 0 || index >= stepCount()) return;
    m_guideTitle->setText(m_guide.title);
    showStep(index);
    emit stepActivated(index, m_guide.steps.at(index).settings);
}

void GuidePanel::showStep(int index) {
    m_showingGuide = true;
    m_back->show();
    m_next->show();
    m_current = index;
    const bool valid = index >= 0 && index < stepCount();
    const GuideStep step = valid ? m_guide.steps.at(index) : GuideStep{};
    m_stepTitle->setText(step.title);
    m_text->setHtml(step.text);
    m_look->setText(step.look.isEmpty() ? QString() : tr("Look at: %1").arg(step.look));
    m_look->setVisible(!step.look.isEmpty());
    m_counter->setText(valid ? tr("%1 / %2").arg(index + 1).arg(stepCount()) : QString());
    m_back->setEnabled(valid && index > 0);
    m_next->setEnabled(valid && index + 1 < stepCount());
}

}  // namespace assay::views

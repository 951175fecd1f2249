#pragma once
// A guided tour of a view, read from JSON:
//   { "title": "Conformal calibration",
//     "steps": [ { "title": "Pick a level",
//                  "text": "Coverage should stay above <b>1 - alpha</b>...",   (simple HTML)
//                  "set": { "alpha": 0.1, "delta": 0.28, "figure": "coverage" }, (optional)
//                  "look": "the curve against the diagonal" } ] }              (optional)
// "title" and "steps" (non-empty) are required, and every step needs "title" and "text".
// The view applies "set" when the step is shown (GuidePanel::stepActivated).
#include <QString>
#include <QVariantMap>
#include <QVector>

namespace assay::views {

struct GuideStep {
    QString title;
    QString text;          // simple HTML (Qt rich text)
    QVariantMap settings;  // the step's "set": parameter name -> value
    QString look;          // what to look at; may be empty
};

struct Guide {
    QString title;
    QVector<GuideStep> steps;
    bool isEmpty() const { return steps.isEmpty(); }
};

// Reads a guide from a file or a Qt resource (":/guides/calibration.json").
// Throws assay::core::InputError ("<file>: <field>: <problem>") for unreadable or malformed files.
Guide loadGuide(const QString& path);
// The same from JSON text; `source` names it in error messages.
Guide parseGuide(const QByteArray& json, const QString& source);

}  // namespace assay::views

// plotDataCsv (declared in plot_export.h): the data behind a figure, for people who redraw it.
#include <qcustomplot.h>

#include <QLocale>
#include <QStringList>

#include "views/common/plot_export.h"

namespace assay::views {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString number(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

// Writes rows that share the plottable's series name, kind and axis labels.
class RowWriter {
public:
    RowWriter(QString& out, QCPAbstractPlottable* plottable, const QString& kind, int index)
        : m_out(out) {
        QString name = plottable->name();
        if (name.isEmpty()) name = kind + QLatin1Char(' ') + QString::number(index);
        // Labels as the plot code set them: a long one is shown broken into lines where
        // the figure is narrow (plot_fit.h), the CSV has it on one.
        auto labelOf = [](const QCPAxis* axis) {
            return axis ? QString(axis->label()).replace(QLatin1Char('\n'), QLatin1Char(' '))
                        : QString();
        };
        const QString keyLabel = labelOf(plottable->keyAxis());
        const QString valueLabel = labelOf(plottable->valueAxis());
        m_head = csvField(name) + QLatin1Char(',') + kind + QLatin1Char(',');
        m_tail = QLatin1Char(',') + csvField(keyLabel) + QLatin1Char(',') + csvField(valueLabel) +
                 QLatin1Char('\n');
    }
    // Empty strings leave the column empty.
    void row(const QString& x, const QString& y, const QString& value = {},
             const QString& minus = {}, const QString& plus = {}) {
        m_out += m_head + x + QLatin1Char(',') + y + QLatin1Char(',') + value + QLatin1Char(',') +
                 minus + QLatin1Char(',') + plus + m_tail;
    }

private:
    QString& m_out;
    QString m_head;
    QString m_tail;
};

template <class Container>
void writeKeyValue(RowWriter& rows, const Container& data) {
    for (auto it = data.constBegin(); it != data.constEnd(); ++it)
        rows.row(number(it->mainKey()), number(it->mainValue()));
}

void writeErrorBars(RowWriter& rows, QCPErrorBars* bars) {
    const QSharedPointer<QCPErrorBarsDataContainer> data = bars->data();
    for (int i = 0; i < bars->dataCount() && i < data->size(); ++i) {
        const QCPErrorBarsData& e = data->at(i);
        rows.row(number(bars->dataMainKey(i)), number(bars->dataMainValue(i)), {},
                 number(e.errorMinus), number(e.errorPlus));
    }
}

void writeColorMap(RowWriter& rows, QCPColorMap* map) {
    QCPColorMapData* data = map->data();
    for (int v = 0; v < data->valueSize(); ++v) {
        for (int k = 0; k < data->keySize(); ++k) {
            double key = 0, value = 0;
            data->cellToCoord(k, v, &key, &value);
            rows.row(number(key), number(value), number(data->cell(k, v)));
        }
    }
}

}  // namespace

QString plotDataCsv(QCustomPlot* plot) {
    QString out = QStringLiteral("series,kind,x,y,value,error_minus,error_plus,x_axis,y_axis\n");
    if (!plot) return out;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot->plottable(i);
        if (auto* graph = qobject_cast<QCPGraph*>(p)) {
            RowWriter rows(out, p, QStringLiteral("graph"), i);
            writeKeyValue(rows, *graph->data());
        } else if (auto* curve = qobject_cast<QCPCurve*>(p)) {
            RowWriter rows(out, p, QStringLiteral("curve"), i);
            writeKeyValue(rows, *curve->data());
        } else if (auto* bars = qobject_cast<QCPBars*>(p)) {
            RowWriter rows(out, p, QStringLiteral("bars"), i);
            writeKeyValue(rows, *bars->data());
        } else if (auto* errors = qobject_cast<QCPErrorBars*>(p)) {
            const bool alongKeys = errors->errorType() == QCPErrorBars::etKeyError;
            RowWriter rows(
                out, p, alongKeys ? QStringLiteral("x_error_bars") : QStringLiteral("y_error_bars"),
                i);
            writeErrorBars(rows, errors);
        } else if (auto* map = qobject_cast<QCPColorMap*>(p)) {
            RowWriter rows(out, p, QStringLiteral("color_map"), i);
            writeColorMap(rows, map);
        }
    }
    return out;
}

}  // namespace assay::views

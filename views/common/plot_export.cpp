#include "views/common/plot_export.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "assay/core/error.h"
#include "assay/core/version.h"
#include "views/common/plot_fit.h"

namespace assay::views {

namespace {

// Qt's reference resolution for laying out widgets; fonts have their point sizes at this size.
constexpr double kLogicalDpi = 96.0;
constexpr double kCmPerInch = 2.54;
constexpr int kMaxPixels = 20000;  // per side: larger is a typo, and would exhaust memory

struct Geometry {
    QSize logical;  // layout size, in 96-dpi pixels
    QSize pixels;   // raster size (PNG)
};

// Messages reach the user (window log, command-line stderr); lupdate's context is "PlotExport".
QString trExport(const char* text) { return QCoreApplication::translate("PlotExport", text); }

[[noreturn]] void fail(const QString& path, const QString& problem) {
    throw core::OutputError(QStringLiteral("%1: %2").arg(path, problem).toStdString());
}

Geometry geometryFor(QSize widget, const ExportOptions& options) {
    if (!options.naturalSize.isEmpty()) widget = options.naturalSize;
    if (options.dpi < 10 || options.dpi > 2400)
        throw core::ParameterError("dpi", std::to_string(options.dpi) + " is outside [10, 2400]");
    const double scale = options.dpi / kLogicalDpi;
    if (widget.width() < 2 || widget.height() < 2)
        widget = QSize(640, 480);  // never laid out (headless render): a sensible default
    const double aspect = double(widget.height()) / widget.width();

    Geometry g;
    if (options.widthPx > 0) {
        const int h = options.heightPx > 0 ? options.heightPx : qRound(options.widthPx * aspect);
        g.pixels = QSize(options.widthPx, h);
        g.logical = QSize(qMax(1, qRound(g.pixels.width() / scale)),
                          qMax(1, qRound(g.pixels.height() / scale)));
    } else if (options.widthCm > 0) {
        const double hCm = options.heightCm > 0 ? options.heightCm : options.widthCm * aspect;
        g.logical = QSize(qRound(options.widthCm / kCmPerInch * kLogicalDpi),
                          qRound(hCm / kCmPerInch * kLogicalDpi));
        g.pixels = QSize(qRound(options.widthCm / kCmPerInch * options.dpi),
                         qRound(hCm / kCmPerInch * options.dpi));
    } else {
        g.logical = widget;
        g.pixels = QSize(qRound(widget.width() * scale), qRound(widget.height() * scale));
    }
    if (g.pixels.width() < 1 || g.pixels.height() < 1 || g.pixels.width() > kMaxPixels ||
        g.pixels.height() > kMaxPixels || g.logical.isEmpty())
        throw core::ParameterError("size",
                                   QStringLiteral("%1 x %2 pixels is outside 1 to %3 per side")
                                       .arg(g.pixels.width())
                                       .arg(g.pixels.height())
                                       .arg(kMaxPixels)
                                       .toStdString());
    return g;
}

QString provenanceText(const QMap<QString, QString>& provenance) {
    QStringList lines;
    for (auto it = provenance.cbegin(); it != provenance.cend(); ++it)
        lines << it.key() + QStringLiteral(": ") + it.value();
    return lines.join(QLatin1Char('\n'));
}

QString creatorOf(const QMap<QString, QString>& provenance) {
    return provenance.value(QStringLiteral("creator"),
                            QStringLiteral("Assay ") + QLatin1String(core::kVersion));
}

void writePng(const Drawing& draw, QSaveFile& file, const Geometry& g,
              const ExportOptions& options) {
    // Rendered by hand rather than with savePng because QImage carries the provenance text
    // chunks; the scaling is what QCustomPlot::toPixmap does, with separate x and y factors so
    // the pixel size is exact.
    QImage image(g.pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QCPPainter painter(&image);
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(double(g.pixels.width()) / g.logical.width(),
                      double(g.pixels.height()) / g.logical.height());
        draw(painter, g.logical);
    }
    const int dotsPerMeter = qRound(options.dpi / (kCmPerInch / 100.0));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    for (auto it = options.provenance.cbegin(); it != options.provenance.cend(); ++it)
        image.setText(it.key(), it.value());
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) fail(file.fileName(), writer.errorString());
}

QByteArray xmpPacket(const QMap<QString, QString>& provenance, const QString& title) {
    const auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString xmp =
        QStringLiteral(
            "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
            "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
            "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
            "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' "
            "xmlns:pdf='http://ns.adobe.com/pdf/1.3/' xmlns:xmp='http://ns.adobe.com/xap/1.0/'>\n"
            "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>%1</rdf:li></rdf:Alt></dc:title>\n"
            "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>%2</rdf:li></rdf:Alt>"
            "</dc:description>\n"
            "<pdf:Keywords>%3</pdf:Keywords>\n<xmp:CreatorTool>%4</xmp:CreatorTool>\n"
            "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end='w'?>")
            .arg(esc(title),
                 esc(provenance.value(QStringLiteral("subject"), provenanceText(provenance))),
                 esc(provenance.value(QStringLiteral("keywords"))), esc(creatorOf(provenance)));
    return xmp.toUtf8();
}

void writePdf(const Drawing& draw, QSaveFile& file, const Geometry& g,
              const ExportOptions& options) {
    // One device pixel per logical pixel, so fonts and pens come out as on screen (QCustomPlot's
    // savePdf makes the same choice with QPrinter::ScreenResolution).
    QPdfWriter writer(&file);
    writer.setResolution(int(kLogicalDpi));
    const QSizeF points(g.logical.width() * 72.0 / kLogicalDpi,
                        g.logical.height() * 72.0 / kLogicalDpi);
    writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    const QString title = options.provenance.value(QStringLiteral("title"));
    writer.setTitle(title);
    writer.setCreator(creatorOf(options.provenance));
    writer.setDocumentXmpMetadata(xmpPacket(options.provenance, title));
    QCPPainter painter;
    if (!painter.begin(&writer)) fail(file.fileName(), trExport("the PDF writer could not start"));
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setWindow(QRect(QPoint(0, 0), g.logical));
    draw(painter, g.logical);
    painter.end();
}

void writeSvg(const Drawing& draw, QSaveFile& file, const Geometry& g,
              const ExportOptions& options) {
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(g.logical);
    generator.setViewBox(QRect(QPoint(0, 0), g.logical));
    generator.setResolution(int(kLogicalDpi));
    generator.setTitle(options.provenance.value(QStringLiteral("title")));
    generator.setDescription(provenanceText(options.provenance));
    QCPPainter painter;
    if (!painter.begin(&generator))
        fail(file.fileName(), trExport("the SVG writer could not start"));
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    draw(painter, g.logical);
    painter.end();
}

// Applies the export's theme for the duration of the export only.
class ThemeScope {
public:
    ThemeScope(QCustomPlot* plot, std::optional<Theme> theme) : m_plot(plot) {
        if (theme && *theme != currentTheme(plot)) {
            m_restore = currentTheme(plot);
            m_active = true;
            applyTheme(plot, *theme);
        }
    }
    ~ThemeScope() {
        if (m_active) applyTheme(m_plot, m_restore);
    }
    ThemeScope(const ThemeScope&) = delete;
    ThemeScope& operator=(const ThemeScope&) = delete;

private:
    QCustomPlot* m_plot;
    bool m_active = false;
    Theme m_restore = Theme::Light;
};

}  // namespace

ExportFormat exportFormatFor(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) return ExportFormat::Png;
    if (suffix == QLatin1String("pdf")) return ExportFormat::Pdf;
    if (suffix == QLatin1String("svg")) return ExportFormat::Svg;
    if (suffix == QLatin1String("csv")) return ExportFormat::Csv;
    fail(path, trExport("unknown figure format \"%1\" (use .png, .pdf, .svg or .csv)").arg(suffix));
}

void exportDrawing(const Drawing& draw, QSize naturalSize, const std::function<QString()>& csv,
                   const QString& path, const ExportOptions& options) {
    const ExportFormat format = exportFormatFor(path);
    const Geometry geometry = geometryFor(naturalSize, options);
    // QSaveFile writes beside the target and renames on commit(); an exception before that
    // discards the temporary file, so no half-written figure is left.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        fail(path, trExport("cannot be written (%1)").arg(file.errorString()));
    switch (format) {
        case ExportFormat::Png:
            writePng(draw, file, geometry, options);
            break;
        case ExportFormat::Pdf:
            writePdf(draw, file, geometry, options);
            break;
        case ExportFormat::Svg:
            writeSvg(draw, file, geometry, options);
            break;
        case ExportFormat::Csv:
            if (file.write(csv().toUtf8()) < 0) fail(path, file.errorString());
            break;
    }
    if (!file.commit()) fail(path, trExport("could not be completed (%1)").arg(file.errorString()));
}

void exportPlot(QCustomPlot* plot, const QString& path, const ExportOptions& options) {
    if (!plot) fail(path, trExport("there is no plot to export"));
    exportFormatFor(path);  // an unknown extension fails before the theme is touched
    {
        ThemeScope theme(plot, options.theme);
        exportDrawing(
            [plot](QCPPainter& painter, QSize logical) {
                // Laid out for the export's size and type first (which labels show, how they
                // turn, legend columns), so the file is not the screen's layout stretched.
                layOutAt(plot, QRect(QPoint(0, 0), logical));
                plot->toPainter(&painter, logical.width(), logical.height());
            },
            plot->size(), [plot] { return plotDataCsv(plot); }, path, options);
    }
    // The decisions now fit the export: the screen lays out (and fits) again at its own size.
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace assay::views

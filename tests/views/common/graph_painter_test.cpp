// The graph's export path: same geometry as the canvas, every format, CSV equal to the scene.
#include "views/common/graph_painter.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "assay/core/error.h"

namespace assay::views {
namespace {

GraphScene triangle() {
    GraphScene s;
    s.nodes = {{QPointF(0, 0), 8, QColor(0, 114, 178), "e0", "expert 0"},
               {QPointF(10, 0), 5, QColor(213, 94, 0), "e1", "expert 1"},
               {QPointF(5, 8), 6, QColor(0, 158, 115), "e2, \"quoted\"", "expert 2"}};
    s.edges = {{0, 1, 1.0}, {1, 2, 0.25}, {0, 2, 0.5}};
    s.legend = "size = usage";
    return s;
}

TEST(GraphPainter, FitTransformKeepsEveryNodeInsideTheTarget) {
    const GraphScene s = triangle();
    const QRectF target(0, 0, 400, 300);
    const QTransform t = fitTransform(s.bounds(), target, 20);
    for (const GraphNode& n : s.nodes) {
        const QPointF p = t.map(n.pos);
        EXPECT_TRUE(target.adjusted(19.9, 19.9, -19.9, -19.9).contains(p)) << p.x() << "," << p.y();
    }
    // Aspect kept: the 10-wide, 8-high layout is limited by the height (260 / 8).
    EXPECT_NEAR(t.m11(), 260.0 / 8.0, 1e-9);
    EXPECT_NEAR(t.m22(), 260.0 / 8.0, 1e-9);
}

TEST(GraphPainter, SelectionDimsOtherEdges) {
    GraphScene s = triangle();
    const double before = edgeColorFor(s, s.edges[1]).alphaF();
    s.selected = 0;
    EXPECT_LT(edgeColorFor(s, s.edges[1]).alphaF(), before);  // 1–2 does not touch node 0
    EXPECT_GT(edgeColorFor(s, s.edges[0]).alphaF(), 0.5);     // 0–1 does, at full weight
    EXPECT_GT(edgeWidthFor(s, s.edges[0]), edgeWidthFor(s, s.edges[2]));
}

TEST(GraphPainter, ExportsEveryFormatThroughTheOnePath) {
    QTemporaryDir dir;
    const GraphScene s = triangle();
    ExportOptions o;
    o.widthPx = 600;
    o.heightPx = 500;
    o.provenance.insert("assay:version", "test");
    for (const char* ext : {"png", "pdf", "svg", "csv"}) {
        const QString path = dir.filePath(QStringLiteral("g.") + ext);
        exportGraph(s, path, o);
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << ext;
        const QByteArray bytes = f.readAll();
        if (QByteArray(ext) == "png") {
            const QImage img(path);
            EXPECT_EQ(img.size(), QSize(600, 500));
            EXPECT_EQ(img.text("assay:version"), "test");
            // Something other than background was drawn at node 0's fitted position.
            const QTransform t =
                fitTransform(s.bounds(), QRectF(0, 0, 600 * 96.0 / 150, 500 * 96.0 / 150));
            const QPointF p = t.map(s.nodes[0].pos) * (150.0 / 96.0);
            EXPECT_NE(img.pixelColor(p.toPoint()), QColor(Qt::white));
        }
        if (QByteArray(ext) == "pdf") EXPECT_TRUE(bytes.startsWith("%PDF"));
        if (QByteArray(ext) == "svg") {
            QXmlStreamReader xml(bytes);
            while (!xml.atEnd()) xml.readNext();
            EXPECT_FALSE(xml.hasError());
            EXPECT_TRUE(bytes.contains("e1"));
        }
        if (QByteArray(ext) == "csv") {
            const QStringList lines = QString::fromUtf8(bytes).trimmed().split('\n');
            ASSERT_EQ(lines.size(), 1 + 3 + 3);
            EXPECT_EQ(lines[0], "kind,id,from,to,x,y,radius,weight,label");
            EXPECT_EQ(lines[2], "node,1,,,10,0,5,,e1");
            EXPECT_EQ(lines[3], "node,2,,,5,8,6,,\"e2, \"\"quoted\"\"\"");
            EXPECT_EQ(lines[5], "edge,1,1,2,,,,0.25,");
        }
    }
    EXPECT_THROW(exportGraph(s, dir.filePath("g.bmp"), o), core::OutputError);
    EXPECT_FALSE(QFile::exists(dir.filePath("g.bmp")));
}

}  // namespace
}  // namespace assay::views

// The ImGui canvas in a real OpenGL widget (Mesa under Xvfb): clicks, drags, and no redraw
// while idle. Skipped on the offscreen platform, which has no OpenGL widgets.
#include "views/common/graph_canvas.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace assay::views {
namespace {

class GraphCanvasTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (QGuiApplication::platformName() == QLatin1String("offscreen"))
            GTEST_SKIP() << "no OpenGL widgets on the offscreen platform (run under xvfb-run)";
        GraphScene s;
        for (int i = 0; i < 6; ++i)
            s.nodes.push_back({QPointF(std::cos(i * 1.0472), std::sin(i * 1.0472)), 10,
                               QColor(0, 114, 178), QString("e%1").arg(i),
                               QString("expert %1").arg(i)});
        for (int i = 0; i < 6; ++i) s.edges.push_back({i, (i + 1) % 6, 0.5});
        canvas.resize(500, 500);
        canvas.setScene(s, true);
        canvas.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&canvas));
        settle();
    }
    // Waits until the canvas has drawn a few more frames (slow under a loaded software renderer).
    void settle() {
        const int target = canvas.framesDrawn() + 2;
        canvas.requestRedraw();
        QTest::qWaitFor([&] { return canvas.framesDrawn() >= target; }, 5000);
    }
    GraphCanvas canvas;
};

TEST_F(GraphCanvasTest, ClickOnANodeReportsIt) {
    QSignalSpy clicked(&canvas, &GraphCanvas::nodeClicked);
    QTest::mouseMove(&canvas, canvas.nodeScreenPos(2).toPoint());
    settle();
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, canvas.nodeScreenPos(2).toPoint());
    ASSERT_TRUE(QTest::qWaitFor([&] { return clicked.count() >= 1; }, 5000));
    EXPECT_EQ(clicked.first().first().toInt(), 2);
    EXPECT_EQ(canvas.hoveredNode(), 2);
}

TEST_F(GraphCanvasTest, DraggingANodeMovesIt) {
    const QPointF before = canvas.scene().nodes[0].pos;
    const QPoint start = canvas.nodeScreenPos(0).toPoint();
    QTest::mouseMove(&canvas, start);
    settle();
    QTest::mousePress(&canvas, Qt::LeftButton, {}, start);
    settle();
    for (int step = 1; step <= 5; ++step) {
        QTest::mouseMove(&canvas, start + QPoint(-10 * step, 8 * step));
        settle();
    }
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, start + QPoint(-50, 40));
    settle();
    EXPECT_NE(canvas.scene().nodes[0].pos, before);
    EXPECT_LT(canvas.scene().nodes[0].pos.x(), before.x());
}

TEST_F(GraphCanvasTest, IdleCanvasDoesNotRedraw) {
    // Let the trailing frames of the last input finish.
    for (int f = -1, tries = 0; f != canvas.framesDrawn() && tries < 20; ++tries) {
        f = canvas.framesDrawn();
        QTest::qWait(150);
    }
    const int frames = canvas.framesDrawn();
    EXPECT_GT(frames, 0);
    QTest::qWait(400);
    EXPECT_EQ(canvas.framesDrawn(), frames);
    canvas.requestRedraw();
    settle();
    EXPECT_GT(canvas.framesDrawn(), frames);
}

}  // namespace
}  // namespace assay::views

namespace assay::views {
namespace {

// 128 experts with all 8,128 edges (the "smooth" case): redraws (hover, tooltips) reuse
// the rasterised edge layer; the time per frame under Mesa is printed for the notes (a
// measurement, not a timed assertion).
TEST(GraphCanvasScale, DrawsAHundredAndTwentyEightNodesWithAllEdges) {
    if (QGuiApplication::platformName() == QLatin1String("offscreen"))
        GTEST_SKIP() << "no OpenGL widgets on the offscreen platform (run under xvfb-run)";
    GraphScene s;
    const int n = 128;
    for (int i = 0; i < n; ++i)
        s.nodes.push_back({QPointF(std::cos(i * 6.2832 / n), std::sin(i * 6.2832 / n)),
                           6,
                           QColor(0, 114, 178),
                           QString("E%1").arg(i),
                           {}});
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            s.edges.push_back({i, j, double((i * 7 + j * 13) % 100) / 100.0});
    GraphCanvas canvas;
    canvas.resize(900, 900);
    canvas.setScene(s, true);
    canvas.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&canvas));
    QTest::qWait(200);
    const int before = canvas.framesDrawn();
    QElapsedTimer timer;
    timer.start();
    const int frames = 30;
    for (int f = 0; f < frames; ++f) {
        canvas.requestRedraw();
        (void)canvas.grabFramebuffer();  // renders synchronously: times the frame itself
    }
    const double ms = double(timer.elapsed()) / frames;
    EXPECT_GE(canvas.framesDrawn() - before, frames);
    // Redrawing without a change reuses the rasterised edge layer.
    EXPECT_LE(canvas.edgeRasterisations(), 2);
    std::printf("graph canvas: %d nodes, %d edges: %.1f ms per frame (Mesa, this machine)\n", n,
                int(s.edges.size()), ms);
}

}  // namespace
}  // namespace assay::views

#pragma once
// `assay render`: figures without a window (the offscreen platform), through the views' own
// export code, so a figure from the command line equals the one the window exports.
//   assay render <view> (--input F | --demo) [--<key> value ...] [--set key=value ...]   (keys: the
//                view's declared settings, listed by --help)
//                --figure ID --out FILE.{png,pdf,svg,csv} [--dpi N --width PX --height PX --theme
//                T]
//   assay render --session S.assay --out DIR   every figure of every view in the session
//   assay render --demo --out DIR              every figure of every view's demo, as PNG
// The folder forms write DIR/<view>-<figure>.png and print each path.
// Exit codes: 0 done; 2 bad arguments or bad input (message on stderr, no output file);
// 1 anything else.
namespace assay::app {

// argv[0] is "render". Needs a QApplication (main.cpp makes one on the offscreen platform).
int runRenderCommand(int argc, char** argv);

}  // namespace assay::app

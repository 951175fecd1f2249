// assay-run windows: WiCo window concatenation and the baselines at the same budget (papers.md §3)
// on a vision encoder's patch features (one image or a batch) or the built-in demo. Writes the
// tokens, s_w, the patch → token map and the per-patch reconstruction error of each method
// (README "Outputs (`assay-run windows`)"), with a JSON summary and the provenance. Everything is
// read, checked and computed before the file is written: bad input writes nothing (exit 2).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/core/script_module.h"
#include "assay/demo/windows_demo.h"
#include "assay/io/tensor_file.h"
#include "assay/tokens/image.h"
#include "assay/tokens/image_encoder.h"
#include "assay/tokens/patch_features.h"
#include "commands.h"
#include "result_file.h"
#include "windows_outputs.h"

namespace assay::app {
namespace {

namespace tk = core::tokens;
namespace fs = std::filesystem;
using nlohmann::json;

// --attention F: CLS attention [N] or [B, N] (N = H·W, or H·W + 1 with the CLS row's own entry
// first, dropped) from tensor `attention` or a file's only tensor. The features are then held in
// memory with it (PatchFeatures keeps a file's data mapped only with its own attention).
tk::PatchFeatures withAttention(const tk::PatchFeatures& f, const std::string& file) {
    const core::io::TensorFile tf = core::io::TensorFile::open(file);
    const std::string label = fs::path(file).filename().string();
    const core::io::TensorInfo* info = tf.find("attention");
    if (!info && tf.tensors().size() == 1) info = &tf.tensors().front();
    if (!info) tf.require("attention");  // throws, listing the tensors
    const std::int64_t P = f.grid().patches(), B = f.images();
    const std::vector<std::int64_t>& s = info->shape;
    const std::int64_t n = s.empty() ? 1 : s.back();
    const std::int64_t rows = s.size() == 2 ? s[0] : 1;
    if (s.size() < 1 || s.size() > 2 || rows != B || (n != P && n != P + 1))
        throw core::InputError(label, info->name,
                               "expected [" + std::to_string(P) + "] or [B, " + std::to_string(P) +
                                   "] (+1 with CLS first) for " + std::to_string(B) +
                                   " image(s) of grid " + tk::gridSizeText(f.grid()));
    const std::vector<double> raw = tf.toDoubles(info->name);
    std::vector<double> attention;
    std::vector<float> data, second;
    for (std::int64_t b = 0; b < B; ++b) {
        attention.insert(attention.end(), raw.begin() + b * n + (n - P), raw.begin() + (b + 1) * n);
        const std::vector<float> v = f.imageRows(int(b));
        data.insert(data.end(), v.begin(), v.end());
        if (f.hasSecondSet()) {
            const std::vector<float> w = f.imageRows(int(b), true);
            second.insert(second.end(), w.begin(), w.end());
        }
    }
    return tk::PatchFeatures::fromFloats(std::move(data), int(B), f.grid(), f.dim(),
                                         f.path().filename().string(), std::move(second),
                                         std::move(attention));
}

struct WindowsCommand {
    std::string features, encoder, grid, image, attention, outGrid,
        method = "wico", out, upsampling = "bilinear", preprocess = "pad", wicoPlus = "linear1d",
        normalise = "clip";
    bool cls = false, demo = false, second = false;
    int tomeR = 0, side = 336;
    tk::LlmShape llm;

    json parameters() const {
        json p = {{"method", method},
                  {"out_grid", outGrid},
                  {"grid", grid},
                  {"cls", cls},
                  {"second", second},
                  {"tome_r", tomeR},
                  {"upsampling", upsampling},
                  {"wico_plus", wicoPlus}};
        if (!image.empty()) p.update({{"preprocess", preprocess}, {"side", side}});
        if (!encoder.empty()) p["normalise"] = normalise;
        if (demo) p["demo_seed"] = tk::WindowsDemoSpec{}.seed;
        return p;
    }

    // The image under the grid: the padded (or cropped) square and where each patch lies.
    json imageJson(const tk::PatchFeatures& f) const {
        const tk::RgbImage img = tk::readImage(image);
        const tk::GridSize g = f.grid();
        if (f.images() != 1)
            throw core::ParameterError(
                "--image",
                "goes with one image's features; the input holds " + std::to_string(f.images()));
        if (side < 1) throw core::ParameterError("--side", std::to_string(side) + " is below 1");
        if (g.rows != g.cols || side % g.rows != 0)
            throw core::InputError(fs::path(image).filename().string(), "grid",
                                   "the features' grid " + tk::gridSizeText(g) +
                                       " does not tile the " + std::to_string(side) + "x" +
                                       std::to_string(side) +
                                       " square the encoder sees (square patches; --side)");
        const tk::PreparedImage prep =
            tk::prepareImage(img, side, tk::preprocessFromName(preprocess));
        std::vector<int> cover;
        int counts[3] = {0, 0, 0};
        for (tk::PatchCover c : tk::patchCover(prep, g.rows, g.cols)) {
            cover.push_back(int(c));
            ++counts[int(c)];
        }
        return {{"width", img.width},
                {"height", img.height},
                {"preprocess", preprocess},
                {"side", side},
                {"patch", side / g.rows},
                {"photo_rect", prep.photoRect},
                {"source_rect", prep.sourceRect},
                {"cover", cover},
                {"cover_legend", "0 photo, 1 mixed, 2 padding (raster order)"},
                {"patches_photo", counts[0]},
                {"patches_mixed", counts[1]},
                {"patches_padding", counts[2]}};
    }

    tk::WindowsRequest request(const tk::PatchFeatures& f) const {
        tk::WindowsRequest req;
        req.tomeR = tomeR;
        req.upsampling = tk::upsamplingFromName(upsampling);
        req.wicoPlus = tk::wicoPlusModeFromName(wicoPlus);
        req.secondSet = second;
        if (second && !f.hasSecondSet())
            throw core::ParameterError("--second", "the input has no features_b");
        if (method == "all") {
            req.methods = tk::allReductionMethods();  // cls without attention: "unavailable"
        } else {
            req.methods = {tk::reductionMethodFromName(method)};
            if (req.methods[0] == tk::ReductionMethod::Cls && !f.hasAttention())
                throw core::ParameterError("--method",
                                           "cls needs CLS attention: an `attention` tensor in "
                                           "the features file or --attention F");
        }
        if (!outGrid.empty())
            req.budgets = {tk::parseGridSize(outGrid, "--out-grid")};
        else if (method == "all") {  // largest first: the first (decoder, WiCo+) is 12x12
            req.budgets = tk::budgetGrids(f.grid());
            std::reverse(req.budgets.begin(), req.budgets.end());
        }
        for (tk::GridSize b : req.budgets) tk::windowGeometry(f.grid(), b);  // refused before work
        return req;
    }

    // The TorchScript encoder on the prepared picture ([1, 3, S, S] → [1, N, D]), on the device.
    tk::PatchFeatures encode() const {
        const core::ScriptModule module = core::ScriptModule::load(encoder);
        tk::EncoderOptions options;
        options.side = side;
        options.cls = cls;
        if (!grid.empty()) options.grid = tk::parseGridSize(grid, "--grid");
        if (normalise == "none") {
            options.mean = {0, 0, 0};
            options.std = {1, 1, 1};
        }
        const tk::PreparedImage prepared =
            tk::prepareImage(tk::readImage(image), side, tk::preprocessFromName(preprocess));
        return tk::encodeImage(module, prepared, options);
    }

    int run() const {
        startHashing({features, encoder, image, attention});
        resultFormat(out);  // before any work
        if (int(demo) + int(!features.empty()) + int(!encoder.empty()) != 1)
            throw core::ParameterError(
                "--features", "give one input: --features F, --encoder M.pt --image P, or --demo");
        if (!encoder.empty() && image.empty())
            throw core::ParameterError("--encoder", "needs --image (the picture it encodes)");
        if (normalise != "clip" && normalise != "none")
            throw core::ParameterError("--normalise", "'" + normalise + "' is not clip or none");
        if (demo && (!grid.empty() || cls))
            throw core::ParameterError("--grid", "--grid and --cls describe --features files");
        std::optional<tk::WindowsDemo> demoModel;
        std::optional<tk::PatchFeatures> opened;
        if (demo) {
            demoModel.emplace(tk::WindowsDemo::train());
        } else if (!encoder.empty()) {
            opened.emplace(encode());
        } else {
            tk::FeatureOptions options;
            if (!grid.empty()) options.grid = tk::parseGridSize(grid, "--grid");
            if (cls) options.cls = true;
            opened.emplace(tk::PatchFeatures::open(features, options));
        }
        const tk::PatchFeatures* f = demo ? &demoModel->features() : &*opened;
        std::optional<tk::PatchFeatures> attended;
        if (!attention.empty()) {
            attended.emplace(withAttention(*f, attention));
            f = &*attended;
        }
        const json imageInfo = image.empty() ? json() : imageJson(*f);
        const tk::WindowsRequest req = request(*f);
        const json budget = budgetJson(f->grid(), llm);

        WindowsOutputs outputs;
        outputs.grid = f->grid();
        outputs.dim = f->dim();
        outputs.batch = f->isBatch();
        outputs.prefixed = method == "all";
        for (int b = 0; b < f->images(); ++b) outputs.add(tk::analyseImage(*f, b, req));
        json result = outputs.summary();
        result["format"] = "assay-token-windows";
        result["upsampling"] = upsampling;
        result["wico_plus"]["mode"] = wicoPlus;
        result["budget_table"] = budget;
        if (f->isBatch()) result["batch"] = batchJson(tk::analyseBatch(*f, req));
        if (!image.empty()) result["image"] = imageInfo;
        std::vector<fs::path> inputs = demo ? std::vector<fs::path>{fs::path()} : f->files();
        if (opened && inputs.empty()) inputs.push_back(encoder.empty() ? features : encoder);
        if (!attention.empty()) inputs.push_back(attention);
        if (!image.empty()) inputs.push_back(image);
        result["provenance"] = core::makeProvenance("windows", inputs, parameters(),
                                                    demo ? tk::WindowsDemoSpec{}.seed : 0)
                                   .toJson();
        writeResult(out, result, [&outputs] { return outputs.tensors(); });

        std::cout << f->images() << (f->images() == 1 ? " image" : " images") << ", grid "
                  << tk::gridSizeText(f->grid()) << ", D = " << f->dim() << ":";
        for (std::size_t i = 0; i < outputs.cells.size(); ++i) {
            const WindowsCell& c = outputs.cells[i];
            if (!c.unavailable.empty() && i > 0 && outputs.cells[i - 1].method == c.method)
                continue;  // said once per method
            std::cout << "\n  " << tk::reductionMethodName(c.method);
            if (!c.unavailable.empty()) {
                std::cout << ": unavailable (" << c.unavailable << ")";
                continue;
            }
            std::cout << " " << tk::gridSizeText(c.out) << ": ";
            double e = 0;
            for (double x : c.error) e += x;
            std::cout << c.tokens << " tokens, mean s_w "
                      << (c.groups > 0 ? std::to_string(c.similaritySum / double(c.groups))
                                       : std::string("n/a (single patches)"))
                      << ", mean error " << e / double(c.error.size());
        }
        std::cout << "\nwrote " << out << "\n";
        return 0;
    }
};

}  // namespace

void addWindowsCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<WindowsCommand>();
    CLI::App* sub = app.add_subcommand(
        "windows",
        "WiCo window concatenation against 2-D pooling, 1-D concatenation, ToMe merging and "
        "CLS-attention selection on a vision encoder's patch grid: tokens, within-group "
        "similarity s_w, patch -> token map and reconstruction error per method");
    sub->add_option("--features", cmd->features,
                    "patch features: safetensors `features` [H,W,D], [N,D] + metadata grid, "
                    "[B,...] batches, .npy, or a folder of single-image files")
        ->option_text("FILE");
    sub->add_option("--grid", cmd->grid, "the grid of flat [N,D] features, e.g. 24x24")
        ->option_text("HxW");
    sub->add_flag("--cls", cmd->cls, "the first row of flat features is CLS (dropped)");
    sub->add_option("--encoder", cmd->encoder,
                    "a TorchScript vision encoder [1,3,S,S] -> [1,N,D] run on --image (with --cls "
                    "when row 0 is CLS, as CLIP's vision tower returns it)");
    sub->add_option("--normalise", cmd->normalise,
                    "pixels for --encoder: clip (CLIP's mean/std) or none (x/255)")
        ->capture_default_str();
    sub->add_flag("--demo", cmd->demo, "use the built-in demo (scenes + a trained patch encoder)");
    sub->add_option("--attention", cmd->attention,
                    "CLS attention over the patches [N] or [B,N] (for --method cls)")
        ->option_text("FILE");
    sub->add_flag("--second", cmd->second, "analyse features_b (the second feature set)");
    sub->add_option("--image", cmd->image,
                    "the image under the grid (PNG/JPEG): its geometry and which patches are "
                    "padding go into the JSON")
        ->option_text("FILE");
    sub->add_option("--preprocess", cmd->preprocess, "pad (LLaVA-1.5) or crop (CLIP)")
        ->capture_default_str();
    sub->add_option("--side", cmd->side, "the encoder's input side S")->capture_default_str();
    sub->add_option("--method", cmd->method, "wico, pool, concat1d, tome, cls or all")
        ->capture_default_str();
    sub->add_option("--out-grid", cmd->outGrid,
                    "output grid, its sides dividing the grid's (default: half the grid; with "
                    "--method all: every budget)")
        ->option_text("HxW");
    sub->add_option("--tome-r", cmd->tomeR, "ToMe tokens merged per step (0: 8 steps)")
        ->capture_default_str();
    sub->add_option("--upsampling", cmd->upsampling,
                    "reconstruction for `error`: bilinear or nearest")
        ->capture_default_str();
    sub->add_option("--wico-plus", cmd->wicoPlus, "WiCo+ upsampling: linear1d or bilinear2d")
        ->capture_default_str();
    sub->add_option("--llm-params", cmd->llm.parameters, "budget table: LLM parameters P")
        ->capture_default_str();
    sub->add_option("--llm-layers", cmd->llm.layers, "budget table: layers L")
        ->capture_default_str();
    sub->add_option("--llm-width", cmd->llm.width, "budget table: width d")->capture_default_str();
    sub->add_option("--llm-bytes", cmd->llm.bytesPerElement, "budget table: bytes per element b")
        ->capture_default_str();
    sub->add_option("--llm-heads", cmd->llm.heads, "budget table: attention heads")
        ->capture_default_str();
    sub->add_option("--llm-kv-heads", cmd->llm.kvHeads, "budget table: key/value heads")
        ->capture_default_str();
    sub->add_option("--text-tokens", cmd->llm.textTokens, "budget table: text tokens added to t")
        ->capture_default_str();
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app

// ProbesDemo (probes_demo.h): the task and the sets are built here (plain C++), the two networks
// are trained and run in the LibTorch module (probes_demo_net.cpp).
#include "assay/demo/probes_demo.h"

#include <algorithm>
#include <optional>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "probes_demo_net.h"
#include "probes_demo_sets.h"
#include "probes_demo_task.h"

namespace assay::core::probes {
namespace {

using namespace demo;

constexpr int kTrainItems = 4000;
constexpr double kTestFraction = 0.25;  // of the groups, in the states' split
constexpr int kMinItems = 100;

void checkSpec(const ProbesDemoSpec& s) {
    if (s.layers < 1) throw ParameterError("layers", "expected 1 or more residual blocks");
    if (s.width < 2) throw ParameterError("width", "expected 2 or more");
    if (s.secondWidth < 2) throw ParameterError("second width", "expected 2 or more");
    if (s.items < kMinItems)
        throw ParameterError("items", std::to_string(s.items) + ": expected " +
                                          std::to_string(kMinItems) + " or more held-out items");
    if (s.trainSteps < 0) throw ParameterError("train steps", "expected 0 or more");
}

// Trains one model and runs it over the held-out items.
DemoRun trainAndRun(const ProbesDemoSpec& spec, std::uint64_t seed, int width,
                    const DemoItems& train, const DemoItems& heldOut, JobContext& job) {
    ProbesNetTraining t;
    t.seed = seed;
    t.inputs = kInputs;
    t.classes = kClasses;
    t.layers = spec.layers;
    t.width = width;
    t.steps = spec.trainSteps;
    t.x = train.x;
    t.y = train.label;
    const auto net = makeProbesDemoNet(t, job);
    ProbesNetOutput out = net->run(heldOut.x.data(), heldOut.size());
    DemoRun run;
    run.layers = spec.layers;
    run.items = heldOut.size();
    run.width = width;
    run.states = std::move(out.states);
    for (std::int64_t i = 0; i < run.items; ++i) {
        const float* p = out.probabilities.data() + i * kClasses;
        const auto best = static_cast<std::int64_t>(std::max_element(p, p + kClasses) - p);
        run.predicted.push_back(best);
        run.confidence.push_back(p[best]);
        run.wrong.push_back(best != heldOut.label[i] ? 1 : 0);
    }
    return run;
}

double accuracyOf(const DemoRun& run) {
    std::int64_t right = 0;
    for (std::uint8_t w : run.wrong) right += w == 0;
    return static_cast<double>(right) / static_cast<double>(run.items);
}

}  // namespace

struct ProbesDemo::Backend {
    ProbesDemoSpec spec;
    std::optional<ProbeDataset> states, second;
    std::vector<PreferencePairs> preference;
    std::optional<CaptionSet> captions;
    double accuracy = 0, secondAccuracy = 0;
};

ProbesDemo ProbesDemo::train(const ProbesDemoSpec& spec, JobContext& job) {
    checkSpec(spec);
    auto b = std::make_unique<Backend>();
    b->spec = spec;
    const DemoItems train = makeDemoItems(spec.seed, 0, kTrainItems);
    const DemoItems heldOut = makeDemoItems(spec.seed, 1, spec.items);
    std::vector<int> layers(spec.layers);
    for (int l = 0; l < spec.layers; ++l) layers[l] = l + 1;  // the states after block l
    const std::vector<std::uint8_t> split =
        groupSplit(heldOut.group, kTestFraction, streamSeed(spec.seed, 3));

    job.stage("training the first demo model");
    DemoRun first = trainAndRun(spec, streamSeed(spec.seed, 1), spec.width, train, heldOut, job);
    job.stage("training the second demo model");
    DemoRun second =
        trainAndRun(spec, streamSeed(spec.seed, 2), spec.secondWidth, train, heldOut, job);
    b->accuracy = accuracyOf(first);
    b->secondAccuracy = accuracyOf(second);

    b->preference = makePreferenceSets(first, layers, streamSeed(spec.seed, 4));
    b->captions.emplace(makeDemoCaptions(first, split, layers, streamSeed(spec.seed, 5)));
    b->states.emplace(ProbeDataset::fromFloats("demo: first model", layers, first.items,
                                               first.width, std::move(first.states), first.wrong,
                                               split, heldOut.group));
    b->second.emplace(ProbeDataset::fromFloats("demo: second model", layers, second.items,
                                               second.width, std::move(second.states), second.wrong,
                                               split, heldOut.group));
    return ProbesDemo(std::move(b));
}

ProbesDemo::ProbesDemo(std::unique_ptr<Backend> backend) : m_backend(std::move(backend)) {}
ProbesDemo::ProbesDemo(ProbesDemo&&) noexcept = default;
ProbesDemo& ProbesDemo::operator=(ProbesDemo&&) noexcept = default;
ProbesDemo::~ProbesDemo() = default;

const ProbesDemoSpec& ProbesDemo::spec() const { return m_backend->spec; }
const ProbeDataset& ProbesDemo::states() const { return *m_backend->states; }
const ProbeDataset& ProbesDemo::secondStates() const { return *m_backend->second; }
const std::vector<PreferencePairs>& ProbesDemo::preference() const { return m_backend->preference; }
const CaptionSet& ProbesDemo::captions() const { return *m_backend->captions; }
double ProbesDemo::accuracy() const { return m_backend->accuracy; }
double ProbesDemo::secondAccuracy() const { return m_backend->secondAccuracy; }

}  // namespace assay::core::probes

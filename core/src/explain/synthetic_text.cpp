// The text set (papers.md §7(c), PROPOSAL): template sentences whose label is the sentiment of
// their keyword (positive = 1); a name token ("anna" with positive, "boris" with negative
// sentences) agrees with the label with probability q. The model sees a bag of words; the
// features are the word positions. No template repeats a word, so each bag-of-words entry
// belongs to exactly one position and the grouped masker removes a word by zeroing its count.
#include <algorithm>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "synthetic_generators.h"

namespace assay::core::explain::detail {

namespace {

constexpr std::int64_t kTextTrain = 2000;
const std::vector<std::string> kPositive = {"good",      "great",  "excellent",
                                            "wonderful", "lovely", "superb"};
const std::vector<std::string> kNegative = {"bad",  "awful",    "terrible",
                                            "poor", "dreadful", "horrible"};
const std::vector<std::string> kNames = {"anna", "boris"};  // anna goes with positive when agreeing
const std::vector<std::string> kTopics = {"film", "meal", "hotel", "book", "concert", "service"};
// N = name, T = topic, K = keyword.
const std::vector<std::vector<std::string>> kTemplates = {
    {"N", "said", "the", "T", "was", "K"},
    {"N", "thinks", "this", "T", "is", "really", "K"},
    {"honestly", "the", "T", "N", "tried", "seemed", "K"},
    {"N", "found", "our", "T", "quite", "K", "today"},
    {"according", "to", "N", "that", "T", "looked", "K"},
};

const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> vocab = [] {
        std::vector<std::string> v;
        auto add = [&](const std::string& w) {
            if (std::find(v.begin(), v.end(), w) == v.end()) v.push_back(w);
        };
        for (const auto& w : kNames) add(w);  // first: the cue's entries are 0 and 1
        for (const auto& w : kPositive) add(w);
        for (const auto& w : kNegative) add(w);
        for (const auto& w : kTopics) add(w);
        for (const auto& t : kTemplates) {
            for (const auto& w : t) {
                if (w != "N" && w != "T" && w != "K") add(w);
            }
        }
        return v;
    }();
    return vocab;
}

int wordIndex(const std::string& w) {
    const auto& v = vocabulary();
    return static_cast<int>(std::find(v.begin(), v.end(), w) - v.begin());
}

struct Sentence {
    std::vector<std::string> words;
    int label = 0, keyword = 0, name = 0;  // label, and the positions of keyword and name
};

Sentence drawSentence(SplitMix64& rng, double q) {
    Sentence s;
    s.label = static_cast<int>(rng.below(2));
    const auto& lexicon = s.label == 1 ? kPositive : kNegative;
    const std::string keyword = lexicon[rng.below(lexicon.size())];
    const std::string topic = kTopics[rng.below(kTopics.size())];
    const bool agrees = rng.uniform() < q;
    const std::string name = kNames[(s.label == 1) == agrees ? 0 : 1];
    const auto& t = kTemplates[rng.below(kTemplates.size())];
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == "N") s.name = static_cast<int>(i);
        if (t[i] == "K") s.keyword = static_cast<int>(i);
        s.words.push_back(t[i] == "N" ? name
                                      : (t[i] == "T" ? topic : (t[i] == "K" ? keyword : t[i])));
    }
    return s;
}

void bagOfWords(const Sentence& s, double* x) {
    std::fill(x, x + vocabulary().size(), 0.0);
    for (const auto& w : s.words) x[wordIndex(w)] += 1;
}

}  // namespace

std::vector<int> textCueInputs() { return {wordIndex(kNames[0]), wordIndex(kNames[1])}; }

SyntheticSet makeTextSet(const SyntheticOptions& o) {
    const int V = static_cast<int>(vocabulary().size());
    SyntheticSet set;
    set.domain = Domain::Text;
    set.strength = o.strength;
    set.D = V;
    set.outputs = 2;
    set.explainedLabel = 1;
    set.nTrain = o.nTrain > 0 ? o.nTrain : kTextTrain;
    set.trainX.resize(static_cast<std::size_t>(set.nTrain) * V);
    set.trainY.resize(static_cast<std::size_t>(set.nTrain));
    SplitMix64 train(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Train)));
    for (std::int64_t i = 0; i < set.nTrain; ++i) {
        const Sentence s = drawSentence(train, o.strength);
        bagOfWords(s, set.trainX.data() + i * V);
        set.trainY[i] = s.label;
    }
    SplitMix64 items(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Items)));
    for (int i = 0; i < o.items; ++i) {
        const Sentence s = drawSentence(items, o.strength);
        const int M = static_cast<int>(s.words.size());
        SyntheticItem item;
        item.x.resize(V);
        bagOfWords(s, item.x.data());
        item.label = s.label;
        item.featureLabels = s.words;
        item.groundTruth.assign(M, 0.0);
        item.groundTruth[s.keyword] = 1.0;
        item.roles.assign(M, FeatureRole::Noise);
        item.roles[s.keyword] = FeatureRole::Causal;
        item.roles[s.name] = FeatureRole::Spurious;
        std::vector<int> groups(V, -1);  // words not in the sentence stay at count 0
        for (int p = 0; p < M; ++p) groups[wordIndex(s.words[p])] = p;
        item.masker = groupedMasker(item.x, groups, M, std::vector<double>(V, 0.0));
        set.items.push_back(std::move(item));
    }
    return set;
}

}  // namespace assay::core::explain::detail

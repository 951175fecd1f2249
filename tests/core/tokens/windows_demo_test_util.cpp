#include "windows_demo_test_util.h"

#include <chrono>
#include <cmath>
#include <iostream>

namespace assay::core::tokens::test_support {

const WindowsDemo& trainedWindowsDemo() {
    static const WindowsDemo demo = [] {
        const auto t0 = std::chrono::steady_clock::now();
        WindowsDemo d = WindowsDemo::train();
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << "[ demo    ] default windows demo trained in " << s << " s\n";
        return d;
    }();
    return demo;
}

WindowsDemoSpec quickWindowsSpec() {
    WindowsDemoSpec s;
    s.scenes = 2;
    s.trainSteps = 30;
    return s;
}

const WindowsDemo& quickWindowsDemo() {
    static const WindowsDemo demo = WindowsDemo::train(quickWindowsSpec());
    return demo;
}

double cosine(const float* a, const float* b, int dim) {
    double ab = 0, aa = 0, bb = 0;
    for (int c = 0; c < dim; ++c) {
        ab += double(a[c]) * b[c];
        aa += double(a[c]) * a[c];
        bb += double(b[c]) * b[c];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

double meanPairwiseCosine(const std::vector<float>& rows, int dim,
                          const std::vector<int>& members) {
    double sum = 0;
    int pairs = 0;
    for (int i : members)
        for (int j : members) {
            if (i == j) continue;
            sum += cosine(&rows[std::size_t(i) * dim], &rows[std::size_t(j) * dim], dim);
            ++pairs;
        }
    return pairs > 0 ? sum / pairs : std::nan("");
}

std::vector<std::vector<int>> squareWindows(int g, int k) {
    std::vector<std::vector<int>> out;
    for (int wr = 0; wr < g / k; ++wr)
        for (int wc = 0; wc < g / k; ++wc) {
            std::vector<int> m;
            for (int a = 0; a < k; ++a)
                for (int b = 0; b < k; ++b) m.push_back((wr * k + a) * g + wc * k + b);
            out.push_back(m);
        }
    return out;
}

}  // namespace assay::core::tokens::test_support

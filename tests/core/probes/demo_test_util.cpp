#include "demo_test_util.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>

namespace assay::core::probes::test_support {

const ProbesDemo& trainedProbesDemo() {
    static const ProbesDemo demo = [] {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        ProbesDemo d = ProbesDemo::train();
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
        std::cout << "[ demo     ] default probes demo trained in " << s << " s (" << cpu
                  << " s CPU)\n";
        return d;
    }();
    return demo;
}

ProbesDemoSpec quickProbesSpec() {
    ProbesDemoSpec s;
    s.layers = 3;
    s.width = 16;
    s.secondWidth = 12;
    s.items = 400;
    s.trainSteps = 40;
    return s;
}

const ProbesDemo& quickProbesDemo() {
    static const ProbesDemo demo = ProbesDemo::train(quickProbesSpec());
    return demo;
}

std::vector<std::vector<double>> rowsAsDoubles(const io::HiddenMatrix& m,
                                               const std::vector<std::int64_t>& rows) {
    const auto* f = static_cast<const float*>(m.data);
    std::vector<std::vector<double>> out;
    for (std::int64_t r : rows) out.emplace_back(f + r * m.cols, f + (r + 1) * m.cols);
    return out;
}

double PlainProbe::score(const std::vector<double>& x) const {
    double s = b;
    for (std::size_t c = 0; c < w.size(); ++c) s += w[c] * x[c];
    return s;
}

namespace {

// Solves A z = g (A symmetric positive definite, n × n) by Gaussian elimination with pivoting.
std::vector<double> solve(std::vector<double> a, std::vector<double> g) {
    const std::size_t n = g.size();
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t p = i;
        for (std::size_t r = i + 1; r < n; ++r)
            if (std::fabs(a[r * n + i]) > std::fabs(a[p * n + i])) p = r;
        for (std::size_t c = 0; c < n; ++c) std::swap(a[i * n + c], a[p * n + c]);
        std::swap(g[i], g[p]);
        for (std::size_t r = i + 1; r < n; ++r) {
            const double f = a[r * n + i] / a[i * n + i];
            for (std::size_t c = i; c < n; ++c) a[r * n + c] -= f * a[i * n + c];
            g[r] -= f * g[i];
        }
    }
    std::vector<double> z(n);
    for (std::size_t i = n; i-- > 0;) {
        double s = g[i];
        for (std::size_t c = i + 1; c < n; ++c) s -= a[i * n + c] * z[c];
        z[i] = s / a[i * n + i];
    }
    return z;
}

}  // namespace

PlainProbe plainLogistic(const std::vector<std::vector<double>>& x,
                         const std::vector<std::uint8_t>& y, double C) {
    const std::size_t d = x.front().size(), n = d + 1;  // w, then b
    std::vector<double> theta(n, 0.0);
    for (int it = 0; it < 50; ++it) {
        std::vector<double> g(n, 0.0), h(n * n, 0.0);
        for (std::size_t c = 0; c < d; ++c) {
            g[c] = theta[c] / C;
            h[c * n + c] = 1 / C;
        }
        for (std::size_t i = 0; i < x.size(); ++i) {
            double s = theta[d];
            for (std::size_t c = 0; c < d; ++c) s += theta[c] * x[i][c];
            const double p = 1 / (1 + std::exp(-s)), r = p - y[i], v = p * (1 - p);
            for (std::size_t a = 0; a < n; ++a) {
                const double xa = a < d ? x[i][a] : 1.0;
                g[a] += r * xa;
                for (std::size_t b = 0; b <= a; ++b)
                    h[a * n + b] += v * xa * (b < d ? x[i][b] : 1.0);
            }
        }
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = a + 1; b < n; ++b) h[a * n + b] = h[b * n + a];
        const std::vector<double> step = solve(h, g);
        double size = 0;
        for (std::size_t a = 0; a < n; ++a) {
            theta[a] -= step[a];
            size = std::max(size, std::fabs(step[a]));
        }
        if (size < 1e-10) break;
    }
    PlainProbe p;
    p.w.assign(theta.begin(), theta.begin() + static_cast<std::ptrdiff_t>(d));
    p.b = theta[d];
    return p;
}

double pairAuroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& y) {
    double wins = 0, pairs = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (y[i] != 1) continue;
        for (std::size_t j = 0; j < scores.size(); ++j) {
            if (y[j] != 0) continue;
            pairs += 1;
            wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
        }
    }
    return wins / pairs;
}

PlainSplit splitOf(const ProbeDataset& data) {
    PlainSplit s;
    for (std::int64_t i = 0; i < data.items(); ++i)
        ((*data.split())[i] == 1 ? s.test : s.train).push_back(i);
    return s;
}

double plainLayerAuroc(const ProbeDataset& data, int position) {
    const PlainSplit s = splitOf(data);
    const io::HiddenMatrix m = data.layer(position);
    std::vector<std::uint8_t> ytrain, ytest;
    for (std::int64_t i : s.train) ytrain.push_back(data.labels()[i]);
    for (std::int64_t i : s.test) ytest.push_back(data.labels()[i]);
    const PlainProbe probe = plainLogistic(rowsAsDoubles(m, s.train), ytrain);
    std::vector<double> scores;
    for (const auto& x : rowsAsDoubles(m, s.test)) scores.push_back(probe.score(x));
    return pairAuroc(scores, ytest);
}

}  // namespace assay::core::probes::test_support

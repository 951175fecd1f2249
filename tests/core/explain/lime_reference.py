#!/usr/bin/env python3
"""References for the LIME tests (tests/core/explain/lime_*_test.cpp), run at test time by
Debian's /usr/bin/python3 (NumPy, sklearn, skimage; lime itself is not packaged, so its steps are
written out here from lime 0.2.0.1's lime_tabular.py / discretize.py).

  ridge IN OUT       IN: cases, each "n M alpha" then n lines "y w z_1 .. z_M"; OUT: a line per
                     case, coef.., intercept, r2 from sklearn Ridge(alpha, fit_intercept=True)
                     with sample_weight
  stats IN OUT       IN: "n D" then n rows; OUT per feature: mean scale, the edge count and
                     edges, then per bin: frequency mean std min max (lime's QuartileDiscretizer
                     and StandardScaler(with_mean=False))
  quickshift DIR     DIR/noise.f64 (the C++ tie noise, H x W) in; writes DIR/case_<i>.u8 (the
                     crops), DIR/case_<i>_own.i32 (skimage's labels with the C++ noise) and
                     DIR/case_<i>_seed.i32 (skimage's own random_seed=42 noise)
"""
import sys

import numpy as np


def ridge(src, dst):
    from sklearn.linear_model import Ridge
    out = []
    with open(src) as f:
        while True:
            header = f.readline().split()
            if not header:
                break
            n, m, alpha = int(header[0]), int(header[1]), float(header[2])
            rows = np.array([[float(v) for v in f.readline().split()] for _ in range(n)])
            y, w, z = rows[:, 0], rows[:, 1], rows[:, 2:]
            model = Ridge(alpha=alpha, fit_intercept=True)
            model.fit(z, y, sample_weight=w)
            r2 = model.score(z, y, sample_weight=w)
            out.append(" ".join("%.17g" % v for v in list(model.coef_) + [model.intercept_, r2]))
    with open(dst, "w") as f:
        f.write("\n".join(out) + "\n")


def stats(src, dst):
    import collections
    from sklearn.preprocessing import StandardScaler
    with open(src) as f:
        f.readline()
        X = np.loadtxt(f, ndmin=2)
    scaler = StandardScaler(with_mean=False).fit(X)
    out = []
    for j in range(X.shape[1]):
        col = X[:, j]
        qts = np.unique(np.array(np.percentile(col, [25, 50, 75])))
        disc = np.searchsorted(qts, col)
        counts = collections.Counter(disc)
        line = ["%.17g %.17g %d" % (scaler.mean_[j], scaler.scale_[j], len(qts))]
        line += ["%.17g" % q for q in qts]
        mins = [col.min()] + qts.tolist()
        maxs = qts.tolist() + [col.max()]
        for b in range(len(qts) + 1):
            sel = col[disc == b]
            mean = 0 if len(sel) == 0 else np.mean(sel)
            std = (0 if len(sel) == 0 else np.std(sel)) + 0.00000000001
            line.append("%.17g %.17g %.17g %.17g %.17g" %
                        (counts.get(b, 0) / len(col), mean, std, mins[b], maxs[b]))
        out.append(" ".join(line))
    with open(dst, "w") as f:
        f.write("\n".join(out) + "\n")


# (crop rows, crop cols, kernel_size, max_dist, ratio): lime's defaults, and two settings with
# many small segments where ties matter more.
QUICKSHIFT_CASES = [
    ("astronaut", slice(0, 128), slice(128, 256), 4, 200, 0.2),
    ("astronaut", slice(0, 128), slice(128, 256), 2, 10, 0.5),
    ("chelsea", slice(50, 178), slice(100, 228), 3, 6, 1.0),
]


def quickshift(folder):
    from skimage import data
    from skimage.segmentation import quickshift as qs

    class FixedNoise:
        def __init__(self, noise):
            self.noise = noise

        def normal(self, scale=1.0, size=None):
            return self.noise.reshape(size)

    noise = np.fromfile(folder + "/noise.f64", dtype=np.float64).reshape(128, 128)
    for i, (name, rows, cols, k, dist, ratio) in enumerate(QUICKSHIFT_CASES):
        image = np.ascontiguousarray(getattr(data, name)()[rows, cols, :3])
        image.tofile("%s/case_%d.u8" % (folder, i))
        qs(image, kernel_size=k, max_dist=dist, ratio=ratio).astype(np.int32).tofile(
            "%s/case_%d_seed.i32" % (folder, i))
        # skimage's Cython draws its noise from np.random.default_rng(seed).normal: hand it ours.
        original = np.random.default_rng
        np.random.default_rng = lambda seed=None: FixedNoise(noise)
        try:
            labels = qs(image, kernel_size=k, max_dist=dist, ratio=ratio)
        finally:
            np.random.default_rng = original
        labels.astype(np.int32).tofile("%s/case_%d_own.i32" % (folder, i))


if __name__ == "__main__":
    {"ridge": lambda: ridge(sys.argv[2], sys.argv[3]),
     "stats": lambda: stats(sys.argv[2], sys.argv[3]),
     "quickshift": lambda: quickshift(sys.argv[2])}[sys.argv[1]]()

"""The script a user would write instead of `assay-run conformal` on generic data: pandas reads
the CSV (columns score, split = cal/test), NumPy sorts the calibration scores and finds each test
score's rank with searchsorted.

usage: conformal_user_script.py SCORES.csv ALPHA DELTA OUT.npz
Writes threshold, covered, p_value and selected (over the test rows, in file order)."""
import math
import sys

import numpy as np
import pandas as pd


def main():
    path, alpha, delta, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    df = pd.read_csv(path)
    cal = df.loc[df["split"] == "cal", "score"].to_numpy(np.float64)
    test = df.loc[df["split"] == "test", "score"].to_numpy(np.float64)
    s = np.sort(cal)
    n = s.shape[0]
    r = max(1, math.ceil((n + 1) * (1 - alpha) - 1e-9 * max(1.0, (n + 1) * (1 - alpha))))
    threshold = s[r - 1] if r <= n else math.inf
    p = (1 + (n - np.searchsorted(s, test, side="left"))) / (n + 1)
    np.savez(out, threshold=np.float64(threshold), covered=test <= threshold, p_value=p,
             selected=p > delta)


if __name__ == "__main__":
    main()

"""sklearn's LogisticRegression on a case the fit tests write (the cross-check of fitLogistic).

Usage: sklearn_logistic_check.py IN OUT. IN: a line "n d C balanced tol", then n lines
"label x_1 ... x_d". OUT: the d coefficients, then the intercept, one per line (repr precision).
"""
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression


def main() -> None:
    with open(sys.argv[1]) as f:
        n, d, C, balanced, tol = f.readline().split()
        rows = np.loadtxt(f, ndmin=2)
    assert rows.shape == (int(n), int(d) + 1)
    y, X = rows[:, 0].astype(int), rows[:, 1:]
    model = LogisticRegression(C=float(C), tol=float(tol), max_iter=100000, solver="lbfgs",
                               class_weight="balanced" if balanced == "1" else None)
    model.fit(X, y)
    with open(sys.argv[2], "w") as out:
        for v in list(model.coef_[0]) + [model.intercept_[0]]:
            out.write(repr(float(v)) + "\n")


if __name__ == "__main__":
    main()

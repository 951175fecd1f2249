"""shap 0.46 KernelExplainer pieces, copied as algorithms from shap/explainers/_kernel.py, for
shap_kernel_test.cpp (shap itself is not in Debian).

  shap_kernel_reference.py DIR N
For each case i < N, DIR/case<i>.npz holds M [], nsamples [], masks [K, M], weights [K],
ey_adj [K], delta [], l1 []; written: DIR/plan<i>.npz with the deterministic part of
KernelExplainer.explain's coalitions for M features and budget nsamples (masks [F, M],
weights [F], weight_left [], full [] = the size classes enumerated completely) and DIR/phi<i>.npy,
KernelExplainer.solve on the given coalitions (l1_reg "auto" when l1 = 1, sklearn's LassoLarsIC
pipeline included). One process for every case: importing sklearn takes seconds.
"""
import itertools
import sys

import numpy as np
from scipy.special import binom
from sklearn.linear_model import LassoLarsIC
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def solve(masks, weights, ey_adj, delta, l1):
    M = masks.shape[1]
    s = np.sum(masks, 1)
    nonzero_inds = np.arange(M)
    if l1:
        w_aug = np.hstack((weights * (M - s), weights * s))
        w_sqrt_aug = np.sqrt(w_aug)
        ey_aug = np.hstack((ey_adj, ey_adj - delta)) * w_sqrt_aug
        mask_aug = np.transpose(w_sqrt_aug * np.transpose(np.vstack((masks, masks - 1))))
        model = make_pipeline(StandardScaler(with_mean=False), LassoLarsIC(criterion="aic"))
        nonzero_inds = np.nonzero(model.fit(mask_aug, ey_aug)[1].coef_)[0]
    if len(nonzero_inds) == 0:
        return np.zeros(M)
    ey2 = ey_adj - masks[:, nonzero_inds[-1]] * delta
    etmp = np.transpose(np.transpose(masks[:, nonzero_inds[:-1]]) - masks[:, nonzero_inds[-1]])
    WX = weights[:, None] * etmp
    try:
        w = np.linalg.solve(etmp.T @ WX, WX.T @ ey2)
    except np.linalg.LinAlgError:
        sw = np.sqrt(weights)
        w = np.linalg.lstsq(sw[:, None] * etmp, sw * ey2, rcond=None)[0]
    phi = np.zeros(M)
    phi[nonzero_inds[:-1]] = w
    phi[nonzero_inds[-1]] = delta - sum(w)
    phi[np.abs(phi) < 1e-10] = 0
    return phi


def plan(M, nsamples):
    num_subset_sizes = int(np.ceil((M - 1) / 2.0))
    num_paired = int(np.floor((M - 1) / 2.0))
    weight_vector = np.array([(M - 1.0) / (i * (M - i)) for i in range(1, num_subset_sizes + 1)])
    weight_vector[:num_paired] *= 2
    weight_vector /= np.sum(weight_vector)
    num_full = 0
    left = nsamples
    remaining = weight_vector.copy()
    masks, weights = [], []
    mask = np.zeros(M)
    for size in range(1, num_subset_sizes + 1):
        nsubsets = binom(M, size)
        if size <= num_paired:
            nsubsets *= 2
        if left * remaining[size - 1] / nsubsets >= 1.0 - 1e-8:
            num_full += 1
            left -= nsubsets
            if remaining[size - 1] < 1.0:
                remaining /= 1 - remaining[size - 1]
            w = weight_vector[size - 1] / binom(M, size)
            if size <= num_paired:
                w /= 2.0
            for inds in itertools.combinations(np.arange(M), size):
                mask[:] = 0.0
                mask[np.array(inds, dtype="int64")] = 1.0
                masks.append(mask.copy()), weights.append(w)
                if size <= num_paired:
                    mask[:] = np.abs(mask - 1)
                    masks.append(mask.copy()), weights.append(w)
        else:
            break
    return (np.array(masks).reshape(-1, M), np.array(weights),
            np.sum(weight_vector[num_full:]), num_full)


if __name__ == "__main__":
    folder = sys.argv[1]
    for i in range(int(sys.argv[2])):
        d = np.load(f"{folder}/case{i}.npz")
        m, w, left, full = plan(int(d["M"]), int(d["nsamples"]))
        np.savez(f"{folder}/plan{i}.npz", masks=m, weights=w, weight_left=left, full=full)
        np.save(f"{folder}/phi{i}.npy", solve(d["masks"], d["weights"], d["ey_adj"],
                                               float(d["delta"]), int(d["l1"]) == 1))

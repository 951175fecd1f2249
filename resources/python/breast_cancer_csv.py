"""Write the breast-cancer table of scikit-learn (569 rows, 30 features, binary) as the CSV that
`assay-run explain` reads: a header of feature names (spaces → underscores), then one row per
sample, with the label column `target` (1 = benign, 0 = malignant, as sklearn has it).

    /usr/bin/python3 breast_cancer_csv.py cancer.csv                 # 30 features + target
    /usr/bin/python3 breast_cancer_csv.py cancer10.csv --features 10 # the first 10 features
    /usr/bin/python3 breast_cancer_csv.py c.csv --dummy              # + a constant column `dummy`
    assay-run explain --data cancer.csv --fit-logistic target --method kernelshap --rows 0:20 \
        --out cancer.safetensors

The data ship inside python3-sklearn (sklearn/datasets/data/breast_cancer.csv); nothing is
downloaded. `--dummy` adds a column that is the same on every row: any attribution method that
has the dummy property gives it exactly 0 (and a fitted model gives it weight 0).
"""
import argparse
import csv

from sklearn.datasets import load_breast_cancer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the CSV to write")
    parser.add_argument("--features", type=int, default=30, help="keep the first K features")
    parser.add_argument("--dummy", action="store_true", help="add a constant column `dummy`")
    parser.add_argument("--no-label", action="store_true", help="leave out the `target` column")
    args = parser.parse_args()
    data = load_breast_cancer()
    k = max(1, min(args.features, data.data.shape[1]))
    names = [n.replace(" ", "_") for n in data.feature_names[:k]]
    header = names + (["dummy"] if args.dummy else []) + ([] if args.no_label else ["target"])
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for x, y in zip(data.data[:, :k], data.target):
            row = [repr(float(v)) for v in x]
            if args.dummy:
                row.append("1.0")
            if not args.no_label:
                row.append(str(int(y)))
            w.writerow(row)


if __name__ == "__main__":
    main()

"""Reference values for the modular-arithmetic data (src/Grokking/Problems/ModularArithmetic), read by
tests/Grokking.Tests/ModularArithmetic/ModularDataReferenceTests.cs.

- split: the reference notebook's pairs (itertools.product(range(p), range(p)), label (x + y) % p) split as its
  sklearn train_test_split(train_size=0.4, random_state=0) does, computed here as numpy's
  RandomState(0).permutation(n) (sklearn's ShuffleSplit: test = perm[:n_test], train = perm[n_test:]), for
  '+' with p = 97 (all 9,409 pairs) and for '/' with p = 97 (the 9,312 pairs with y != 0, the lab's convention);
- labels: every named operation for every pair of p = 7, computed with Python integers (pow(y, -1, p) for '/');
- batches: the first three epochs of torch's DataLoader(range(3763), batch_size=2048, shuffle=True,
  drop_last=False, generator=torch.Generator().manual_seed(seed)) for seeds 0 and 5, the order the lab's
  MiniBatchSampler promises.

Usage: /usr/bin/python3 tools/reference/modular_data_reference.py > tests/Grokking.Tests/ModularArithmetic/modular_data_reference.json
(Debian's python3-numpy and python3-torch.)
"""
import itertools
import json
import math

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

OPERATIONS = {
    "+": lambda x, y, p: (x + y) % p,
    "-": lambda x, y, p: (x - y) % p,
    "*": lambda x, y, p: (x * y) % p,
    "/": lambda x, y, p: (x * pow(y, -1, p)) % p if y % p else None,
    "x^2+y^2": lambda x, y, p: (x ** 2 + y ** 2) % p,
    "x^2+xy+y^2": lambda x, y, p: (x ** 2 + x * y + y ** 2) % p,
    "x^3+xy": lambda x, y, p: (x ** 3 + x * y) % p,
}


def split(p, r, operation):
    pairs = [(x, y) for x, y in itertools.product(range(p), range(p)) if OPERATIONS[operation](x, y, p) is not None]
    n = len(pairs)
    n_train = math.floor(r * n)
    n_test = n - n_train
    perm = np.random.RandomState(0).permutation(n)
    return {"p": p, "operation": operation, "train_fraction": r, "n": n, "n_train": n_train, "n_test": n_test,
            "test": perm[:n_test].tolist(), "train": perm[n_test:].tolist(),
            "test_pairs_head": [pairs[k] for k in perm[:10]], "train_pairs_head": [pairs[k] for k in perm[n_test:n_test + 10]]}


def labels(p):
    return {name: [f(x, y, p) for x, y in itertools.product(range(p), range(p))] for name, f in OPERATIONS.items()}


def batches(n, batch_size, seed, epochs):
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=True, drop_last=False,
                        generator=torch.Generator().manual_seed(seed))
    return [[b[0].tolist() for b in loader] for _ in range(epochs)]


def main():
    out = {
        "splits": [split(97, 0.4, "+"), split(97, 0.4, "/")],
        "labels_p7": labels(7),
        "batches": [{"n": 3763, "batch_size": 2048, "seed": seed, "epochs": batches(3763, 2048, seed, 3)}
                    for seed in (0, 5)],
        "versions": {"numpy": np.__version__, "torch": torch.__version__},
    }
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()

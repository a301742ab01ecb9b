"""Golden values for the least-squares initialisation with beta2 > 0 (tests/Grokking.Tests/Problems/Data).

The reference solver starts `init_method="least_square"` from its diagnostic a_LS = pinv(X^H X + beta_2) X^H y,
where `+ beta_2` adds the scalar to EVERY entry of the Gram matrix (spec B.0.5), not beta_2 * I. This script
computes it with numpy for
  * the real default data of Figure 3 (n = 100, s = 5, N = 30, seeds 1, SNR 1e8), beta_2 = 0.01, and
  * a small fixed complex X (N = 3, n = 5, X[i, j] = sin(i + 2j) + 1j cos(3i - j), y[i] = 1 + i - 0.5j i), beta_2 = 0.5,
and writes them as JSON. Run with the system numpy:

    /usr/bin/python3 tools/reference/least_squares_init_reference.py > tests/Grokking.Tests/Problems/Data/least-squares-init.json
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from sparse_recovery_reference import create_noise, create_signal, get_measures  # noqa: E402


def reference_ls(X, y, beta2):
    XH = X.conj().T
    return np.linalg.pinv(XH @ X + beta2) @ XH @ y


def main():
    n, s, N, beta2 = 100, 5, 30, 0.01
    a_star = create_signal(n, s, 1)
    X = get_measures(N, n, 1.0 / N, 1)
    y = X @ a_star + create_noise(N, 1e8, n, s, 1)
    real = reference_ls(X, y, beta2)

    Nc, nc, beta2c = 3, 5, 0.5
    Xc = np.array([[np.sin(i + 2 * j) + 1j * np.cos(3 * i - j) for j in range(nc)] for i in range(Nc)])
    yc = np.array([1 + i - 0.5j * i for i in range(Nc)])
    cplx = reference_ls(Xc, yc, beta2c)
    json.dump({
        "numpy": np.__version__,
        "real": {"n": n, "s": s, "N": N, "beta2": beta2, "a_ls": [float(v) for v in real],
                 "min_norm": [float(v) for v in np.linalg.pinv(X) @ y]},
        "complex": {"N": Nc, "n": nc, "beta2": beta2c, "re": [float(v.real) for v in cplx], "im": [float(v.imag) for v in cplx]},
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

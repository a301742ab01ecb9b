"""Numpy port of the reference matrix solver (spec B.0.7-B.0.8), for the golden values of
tests/Grokking.Tests/MatrixFactorisation/MatrixGoldenTests.cs.

A* is drawn as the lab draws it (numpy legacy seed 0: U = randn(10, 2), then V = randn(10, 2);
A* = U V^T / sqrt(2) rescaled to ||A*||_F = 10) because the reference's torch draw is unseeded.
Everything else follows subgradient_descent_matrix_factorization: X = one-hot face-splitting rows of the
entries selected by np.random.seed(0); permutation(100)[:80], A^(0) = 1e-6 I, then
A <- A - alpha (X^T(X vec A - y) + beta U V^T) with numpy's thin SVD, errors with +1e-6 in the denominators.

Usage: /usr/bin/python3 tools/reference/matrix_reference.py
"""
import numpy as np


def a_star(n1=10, n2=10, r=2, seed=0):
    rng = np.random.RandomState(seed)
    U = rng.randn(n1, r)
    V = rng.randn(n2, r)
    W = U @ V.T / np.sqrt(r)
    return W / np.linalg.norm(W) * np.sqrt(n1 * n2)


def completion(A, N, seed=0, tau=0.0):
    n1, n2 = A.shape
    rs = np.random.RandomState(seed)
    if tau == 0:
        sel = rs.permutation(n1 * n2)[:N]
    else:
        U, S, Vt = np.linalg.svd(A)
        r = int((S > 1e-10 * S[0]).sum())
        mu = (n1 / r) * np.linalg.norm(U[:, :r], axis=1) ** 2
        nu = (n2 / r) * np.linalg.norm(Vt[:r].T, axis=1) ** 2
        P = mu[:, None] + nu[None, :]
        order = np.argsort(P, axis=None)[::-1]
        k = int(tau * N)
        rest = order[k:]
        sel = np.concatenate([order[:k], rs.choice(rest, N - k, replace=False)])
    X = np.zeros((N, n1 * n2))
    for q, e in enumerate(sel):
        i, j = e // n2, e % n2
        X[q, i + j * n1] = 1.0        # column-major vec
    return sel, X


def run(A_star, X, alpha=0.1, beta=1e-4, steps=3000, report=()):
    n1, n2 = A_star.shape
    vec = lambda M: M.reshape(-1, order="F")
    unvec = lambda v: v.reshape(n1, n2, order="F")
    y = X @ vec(A_star)
    A = 1e-6 * np.eye(n1, n2)
    out = {}
    for t in range(1, steps + 1):
        G = unvec(X.T @ (X @ vec(A) - y))
        U, S, Vt = np.linalg.svd(A, full_matrices=False)
        A = A - alpha * (G + beta * U @ Vt)
        if t in report:
            tr = np.linalg.norm(X @ vec(A) - y) / (np.linalg.norm(y) + 1e-6)
            rec = np.linalg.norm(A - A_star) / (np.linalg.norm(A_star) + 1e-6)
            out[t] = (tr, rec, S.copy())
    return out


if __name__ == "__main__":
    A = a_star()
    print("sigma(A*) =", repr(np.linalg.svd(A)[1][:2].tolist()))
    print("A*[0, :3] =", repr(A[0, :3].tolist()))
    sel, X = completion(A, 80)
    print("selected[:10] =", sel[:10].tolist())
    sel_c, _ = completion(A, 70, tau=0.5)
    print("tau 0.5, N 70: selected[:10] =", sel_c[:10].tolist(), " selected[35:45] =", sel_c[35:45].tolist())
    rep = (1, 10, 50, 90, 100, 1000, 3000)
    res = run(A, X, report=rep)
    for t in rep:
        tr, rec, S = res[t]
        print(f"t={t}: train={tr!r} recovery={rec!r} sigma_before[0,2,9]={S[0]!r},{S[2]!r},{S[9]!r}")

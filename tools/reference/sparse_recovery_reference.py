"""Golden values for the sparse-recovery tests, from a numpy port of the reference code.

The functions below follow `sparse_recovery/compressed_sensing.py` of the paper's repository as described in
the lab's spec (sections B.0.1-B.0.5, legacy numpy RandomState): create_signal, get_measures (tau = 0, Phi = I),
create_noise_from_scratch and the subgradient solver with its recording rule. Run with the system numpy:

    /usr/bin/python3 tools/reference/sparse_recovery_reference.py [--steps 1000000] [--noiseless]

It prints t1, t2 and the errors at chosen steps; tests/Grokking.Tests embeds these numbers.
"""
import argparse
import time

import numpy as np


def create_signal(n, s, seed):
    state = np.random.get_state()
    np.random.seed(seed)
    a = np.zeros(n)
    idx = np.random.choice(n, s, replace=False)
    a[idx] = np.random.randn(s)
    np.random.set_state(state)
    return a * (1.0 / np.sqrt(n))


def get_measures(N, n, variance, seed):
    state = np.random.get_state()
    np.random.seed(seed)
    M = np.random.randn(N, n)
    np.random.set_state(state)
    M *= np.sqrt(variance)
    return M @ np.eye(n)


def create_noise(N, snr, n, s, seed):
    if snr is None or np.isinf(snr):
        return np.zeros(N)
    m2 = np.mean([np.sum(create_signal(n, s, seed=i * seed) ** 2) for i in range(100 * n)])
    sigma = np.sqrt(m2 / (N * snr))
    state = np.random.get_state()
    np.random.seed(seed)
    xi = sigma * np.random.randn(N)
    np.random.set_state(state)
    return xi


def subgradient_descent(X, y, a_star, alpha, beta1, beta2, init_scale, max_iter, eval_first=1000, eval_step=1000):
    a = init_scale * np.ones(X.shape[1])
    ynorm, anorm = np.linalg.norm(y), np.linalg.norm(a_star)
    steps, train, rec, l1 = [0], [np.linalg.norm(X @ a - y) / ynorm], [np.linalg.norm(a - a_star) / anorm], [np.abs(a).sum()]
    for t in range(1, max_iter + 1):
        grad = X.T @ (X @ a - y) + beta2 * a + beta1 * np.sign(a)
        a = a - alpha * grad
        if t < eval_first or t % eval_step == 0:
            steps.append(t)
            train.append(np.linalg.norm(X @ a - y) / ynorm)
            rec.append(np.linalg.norm(a - a_star) / anorm)
            l1.append(np.abs(a).sum())
    return a, np.array(steps), np.array(train), np.array(rec), np.array(l1)


def first_leq(steps, values, thr):
    idx = np.nonzero(values <= thr)[0]
    return int(steps[idx[0]]) if len(idx) else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=120_000)
    ap.add_argument("--noiseless", action="store_true")
    ap.add_argument("--alpha", type=float, default=0.1)
    ap.add_argument("--beta1", type=float, default=1e-5)
    args = ap.parse_args()
    n, s, N = 100, 5, 30
    a_star = create_signal(n, s, 1)
    X = get_measures(N, n, 1.0 / N, 1)
    xi = np.zeros(N) if args.noiseless else create_noise(N, 1e8, n, s, 1)
    y = X @ a_star + xi
    t0 = time.perf_counter()
    a, steps, train, rec, l1 = subgradient_descent(X, y, a_star, args.alpha, args.beta1, 0.0, 1e-6, args.steps)
    wall = time.perf_counter() - t0
    print(f"numpy: {args.steps} steps in {wall:.2f} s ({wall / args.steps * 1e6:.2f} us/step)")
    print("t1(<=1e-3) =", first_leq(steps, train, 1e-3), " t2(<=1e-3) =", first_leq(steps, rec, 1e-3))
    for t in (1, 10, 60, 100, 999, 1000, 10_000, 50_000, 100_000, 101_000, 120_000, 200_000, 1_000_000):
        k = np.nonzero(steps == t)[0]
        if len(k):
            k = k[0]
            print(f"t={t:>8d} train={train[k]!r} recovery={rec[k]!r} l1={l1[k]!r}")
    a_hat = np.linalg.pinv(X.T @ X) @ X.T @ y
    print("||a*||_1 =", repr(np.abs(a_star).sum()), " ||a_hat - a*||_inf =", repr(np.abs(a_hat - a_star).max()),
          " LS recovery =", repr(np.linalg.norm(a_hat - a_star) / np.linalg.norm(a_star)))
    print("2/lambda_max =", repr(2 / np.linalg.eigvalsh(X.T @ X).max()))


if __name__ == "__main__":
    main()

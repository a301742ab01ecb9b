"""The l2 norm of the modular-arithmetic MLP under l1 regularisation, trained in PyTorch as the reference code does.

Paper 1 says of Figure 1 that under l1 "the l2 norm is not monotone after memorisation and even increases while the
model generalises". This script trains the reference model (two embeddings Linear(97 -> 64) with PyTorch's default
init, 8 x 8 matrix-product aggregation, Linear(64 -> 64) ~ N(0, 1/64), ReLU, Linear(64 -> 97) ~ N(0, 1/97), no biases)
on x + y mod 97 with the reference split (numpy RandomState(0).permutation, 40 % train), mini-batches of 2,048
reshuffled every epoch, Adam(lr) on the mean cross-entropy + beta * sum |w| over the four matrices, float32, and
records train / test accuracy and ||w||_2 (all weights concatenated) at steps 0..100 and every 10 steps, as the
reference trainer. It prints t1 and t2 (first record with accuracy >= 0.99), ||w||_2 at t1, at t2, its minimum in
[t1, t2], and a trace every 500 steps. The init is torch's (seeded by --seed), not the lab's, so t1 / t2 differ
from the lab's runs; what is compared is the shape of the norm's path.

The checked-in output (modular_l2_norm_path.txt) was written on the 2-core machine with Debian's python3-torch:
    for s in 0 1 2; do /usr/bin/python3 tools/reference/modular_l2_norm_path.py --seed $s; done
    /usr/bin/python3 tools/reference/modular_l2_norm_path.py --seed 0 --beta 5e-6 --steps 11000
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F

P, D = 97, 64


class ReferenceMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.e1 = torch.nn.Linear(P, D, bias=False)
        self.e2 = torch.nn.Linear(P, D, bias=False)
        self.w1 = torch.nn.Linear(D, D, bias=False)
        self.w2 = torch.nn.Linear(D, P, bias=False)
        torch.nn.init.normal_(self.w1.weight, std=D ** -0.5)
        torch.nn.init.normal_(self.w2.weight, std=P ** -0.5)

    def forward(self, x, y):
        a = self.e1.weight.t()[x].reshape(-1, 8, 8)
        b = self.e2.weight.t()[y].reshape(-1, 8, 8)
        return self.w2(torch.relu(self.w1(torch.bmm(a, b).reshape(-1, D))))

    def matrices(self):
        return [self.e1.weight, self.e2.weight, self.w1.weight, self.w2.weight]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--beta", type=float, default=1e-5)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--steps", type=int, default=9000)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    pairs = np.array([(i, j) for i in range(P) for j in range(P)])
    labels = torch.from_numpy((pairs[:, 0] + pairs[:, 1]) % P)
    perm = np.random.RandomState(0).permutation(P * P)
    n_test = P * P - int(0.4 * P * P)
    test, train = torch.from_numpy(perm[:n_test]), torch.from_numpy(perm[n_test:])
    xs, ys = torch.from_numpy(pairs[:, 0]), torch.from_numpy(pairs[:, 1])

    model = ReferenceMlp()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    records = []

    def record(step):
        with torch.no_grad():
            acc = [(model(xs[s], ys[s]).argmax(1) == labels[s]).float().mean().item() for s in (train, test)]
            l2 = torch.cat([w.flatten() for w in model.matrices()]).norm().item()
        records.append((step, acc[0], acc[1], l2))

    step = 0
    record(0)
    while step < args.steps:
        for batch in train[torch.randperm(len(train))].split(2048):
            loss = F.cross_entropy(model(xs[batch], ys[batch]), labels[batch])
            loss = loss + args.beta * sum(w.abs().sum() for w in model.matrices())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            if step <= 100 or step % 10 == 0:
                record(step)
            if step >= args.steps:
                break

    t1 = next((r[0] for r in records if r[1] >= 0.99), None)
    t2 = next((r[0] for r in records if r[2] >= 0.99), None)
    print(f"## seed {args.seed}, lr {args.lr:g}, beta {args.beta:g} (l1), {args.steps} steps: t1 = {t1}, t2 = {t2}")
    if t1 is not None and t2 is not None:
        norm = {r[0]: r[3] for r in records}
        between = min(r[3] for r in records if t1 <= r[0] <= t2)
        print(f"||w||_2: {norm[t1]:.2f} at t1, {norm[t2]:.2f} at t2 (ratio {norm[t2] / norm[t1]:.3f}), "
              f"minimum in [t1, t2] {between:.2f}, at the end {records[-1][3]:.2f}")
    print("step train_accuracy test_accuracy l2_norm")
    for r in records:
        if r[0] % 500 == 0 or r[0] in (t1, t2):
            print(f"{r[0]} {r[1]:.4f} {r[2]:.4f} {r[3]:.2f}")


if __name__ == "__main__":
    main()

"""PyTorch reference values for the modular-arithmetic MLP of paper 1 (spec section C), read by
tests/Grokking.Tests/ModularArithmetic/ModularMlpReferenceTests.cs (and by the network engine's tests).

The model is built as the reference code's Encoder_Decoder('matrix_product', widths_encoder=[97, 64],
widths_decoder=[64, 64, 97], activation_class_decoder=ReLU, no biases): two embeddings E1, E2 = Linear(97 -> 64)
on the one-hot rows of x and y, e = (E1[:, x], E2[:, y]) reshaped row-major to 8 x 8 and multiplied, Z = R(e1) R(e2),
flattened row-major, then W1 = Linear(64 -> 64), ReLU, W2 = Linear(64 -> 97); logits = W2 relu(W1 vec(Z)).
It runs in float64 from GIVEN weights: numpy RandomState(1) draws, in this order, E1 and E2 ~ U(-1/sqrt(97),
1/sqrt(97)) (PyTorch's default Linear init, which the reference keeps for the embeddings), W1 ~ N(0, 1/64) and
W2 ~ N(0, 1/97) (its 'normal' init, std = 1/sqrt(fan_out)), each rounded to float32 so that a float32 and a
float64 engine start from the same numbers; they are written as float32 (read them as float32, then widen).
Weights are torch's (out, in) matrices, row-major: E1, E2 64 x 97, W1 64 x 64, W2 97 x 64.
The GIVEN batch is the first 16 training pairs of the reference split (RandomState(0).permutation(9409)[5646:5662],
pair k = (k // 97, k % 97)), labels (x + y) % 97.

Written: the mean cross-entropy and its gradient for every weight; then, for each penalty h in none, l1, l2, nuc,
10 steps of torch.optim.Adam(lr=1e-2, default betas and eps) on the same batch with the reference's loss
CE + beta * sum over the four weight matrices of torch.norm(W, p) (p = 1: sum |w|; p = 2: the unsquared Frobenius
norm; 'nuc': the nuclear norm, differentiated through the SVD), beta = 1e-3: the CE and penalty at each step
(before its update), the weights after the 10 steps at every 11th entry of E1|E2|W1|W2 concatenated, and the CE
and per-matrix l1 / Frobenius / nuclear norms after them.

With --reference-repo PATH (a checkout of github.com/Tikquuss/grokking_beyong_l2_norm) the script also builds the
reference's own Encoder_Decoder, loads the same weights and asserts that its logits equal this script's.
The checked-in file was written with --reference-repo at the reference's commit 7f0563c6 (its
"checked_against_reference_class" is then true).

Usage: /usr/bin/python3 tools/reference/modular_mlp_reference.py [--reference-repo PATH] \
           > tests/Grokking.Tests/ModularArithmetic/modular_mlp_reference.json
(Debian's python3-numpy and python3-torch.)
"""
import argparse
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

P, WIDTH, BLOCK = 97, 64, 8
BATCH = 16
BETA, LR, STEPS, SAMPLE_STRIDE = 1e-3, 1e-2, 10, 11
NAMES = ["E1", "E2", "W1", "W2"]
PENALTIES = {"none": None, "l1": 1, "l2": 2, "nuc": "nuc"}


def given_weights():
    rs = np.random.RandomState(1)
    bound = 1 / math.sqrt(P)
    w = {
        "E1": rs.uniform(-bound, bound, size=(WIDTH, P)),
        "E2": rs.uniform(-bound, bound, size=(WIDTH, P)),
        "W1": rs.normal(0.0, 1 / math.sqrt(WIDTH), size=(WIDTH, WIDTH)),
        "W2": rs.normal(0.0, 1 / math.sqrt(P), size=(P, WIDTH)),
    }
    return {k: v.astype(np.float32) for k, v in w.items()}


def given_batch():
    perm = np.random.RandomState(0).permutation(P * P)
    n_test = P * P - math.floor(0.4 * P * P)
    k = perm[n_test:n_test + BATCH]
    x, y = k // P, k % P
    return x, y, (x + y) % P


class ModularMlp(torch.nn.Module):
    """The reference's Encoder_Decoder('matrix_product') with biases off, written out."""

    def __init__(self, weights):
        super().__init__()
        self.w = torch.nn.ParameterList([torch.nn.Parameter(torch.tensor(weights[n], dtype=torch.float64)) for n in NAMES])

    def forward(self, onehot):                        # onehot: (B, 2, P)
        e1, e2, w1, w2 = self.w
        a = (onehot[:, 0] @ e1.T).reshape(-1, BLOCK, BLOCK)
        b = (onehot[:, 1] @ e2.T).reshape(-1, BLOCK, BLOCK)
        z = torch.bmm(a, b).flatten(1, -1)
        return torch.relu(z @ w1.T) @ w2.T


def one_hot(x, y):
    return torch.stack([F.one_hot(torch.tensor(x), P), F.one_hot(torch.tensor(y), P)], dim=1).double()


def penalty(model, p):
    return sum(torch.norm(w, p=p) for w in model.w) if p is not None else torch.zeros((), dtype=torch.float64)


def norms(w):
    w = torch.as_tensor(w, dtype=torch.float64)
    return {"l1": w.abs().sum().item(), "l2": torch.linalg.norm(w).item(),
            "nuc": torch.linalg.matrix_norm(w, ord="nuc").item()}


def check_against_reference(repo, weights, inputs):
    sys.path.insert(0, repo)
    from neural_nets.mlp import Encoder_Decoder  # noqa: E402  (the reference's own class)
    ref = Encoder_Decoder('matrix_product', [P, WIDTH], [WIDTH, WIDTH, P], activation_class_encoder=None,
                          activation_class_decoder=torch.nn.ReLU, bias_encoder=False, bias_decoder=False,
                          bias_classifier=False, init_params=True, type_init='normal', seed=None).double()
    named = [n for n, q in ref.named_parameters() if 'weight' in n]
    assert named == ["encoder.0.1.weight", "encoder.1.1.weight", "readout.0.weight", "fc.weight"], named
    assert len(list(ref.parameters())) == 4
    with torch.no_grad():
        for (_, q), n in zip(ref.named_parameters(), NAMES):
            q.copy_(torch.tensor(weights[n], dtype=torch.float64))
        ours = ModularMlp(weights)(inputs)
        theirs = ref(inputs)
    assert torch.equal(ours, theirs), (ours - theirs).abs().max()


def float32_text(v):
    """The shortest decimal that reads back as this float32 (json.dumps would print the widened double)."""
    v = np.float32(v)
    return min(np.format_float_positional(v, unique=True, trim='-'),
               np.format_float_scientific(v, unique=True, trim='-'), key=len)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference-repo")
    args = ap.parse_args()
    torch.set_num_threads(1)

    weights = given_weights()
    x, y, labels = given_batch()
    inputs = one_hot(x, y)
    target = torch.tensor(labels)
    if args.reference_repo:
        check_against_reference(args.reference_repo, weights, inputs)

    model = ModularMlp(weights)
    ce = F.cross_entropy(model(inputs), target)
    ce.backward()
    out = {
        "p": P, "width": WIDTH, "block": BLOCK,
        "layout": [{"name": n, "rows": int(weights[n].shape[0]), "cols": int(weights[n].shape[1])} for n in NAMES],
        "weights_float32": {n: "__W_" + n for n in NAMES},
        "batch": {"x": x.tolist(), "y": y.tolist(), "labels": labels.tolist()},
        "ce_loss": ce.item(),
        "ce_gradients": {n: w.grad.ravel().tolist() for n, w in zip(NAMES, model.w)},
        "checked_against_reference_class": bool(args.reference_repo),
        "cases": [],
        "versions": {"numpy": np.__version__, "torch": torch.__version__},
    }

    for name, p in PENALTIES.items():
        beta = 0.0 if p is None else BETA
        model = ModularMlp(weights)
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        ces, pens = [], []
        for _ in range(STEPS):
            ce = F.cross_entropy(model(inputs), target)
            pen = penalty(model, p)
            loss = ce + beta * pen
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            ces.append(ce.item())
            pens.append(pen.item())
        with torch.no_grad():
            final = torch.cat([w.detach().ravel() for w in model.w])
            final_ce = F.cross_entropy(model(inputs), target).item()
        out["cases"].append({
            "penalty": name, "beta": beta, "lr": LR, "steps": STEPS,
            "ce_before_step": ces, "penalty_before_step": pens,
            "final_ce": final_ce,
            "final_norms": {n: norms(w.detach()) for n, w in zip(NAMES, model.w)},
            "sample_stride": SAMPLE_STRIDE,
            "final_sample": final[::SAMPLE_STRIDE].tolist(),
        })

    text = json.dumps(out, separators=(",", ":"))
    for n in NAMES:
        text = text.replace('"__W_' + n + '"', "[" + ",".join(float32_text(v) for v in weights[n].ravel()) + "]")
    print(text)


if __name__ == "__main__":
    main()

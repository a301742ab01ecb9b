"""PyTorch reference values for the lab's gradient transforms (src/Grokking/Optimisation), read by
tests/Grokking.Tests/Optimisation/TorchReferenceTests.cs.

Two parameter groups, W (3 x 4) and b (5,), flattened in that order (row-major), start from fixed values and
take six steps with given gradients (a fixed table, independent of the parameters, one entry exactly zero), under
torch.optim.Adam / AdamW / SGD (single-tensor code path: foreach=False), plus Grokfast's gradfilter_ema and
Prieto et al.'s OrthoGrad projection written out from their repositories, each before a torch optimiser.
Every case runs in float64 and in float32; the parameters after every step are written out.

Usage: /usr/bin/python3 tools/reference/adam_reference.py > tests/Grokking.Tests/Optimisation/adam_reference.json
(Debian's python3-torch and python3-numpy.)
"""
import json
import math

import torch

STEPS = 6
SHAPES = [("W", (3, 4)), ("b", (5,))]


def initial(dtype):
    w = torch.tensor([[0.5, -1.25, 0.75, 2.0], [-0.3, 0.0, 1.1, -0.6], [0.9, 0.2, -1.7, 0.05]], dtype=dtype)
    b = torch.tensor([0.1, -0.2, 0.0, 0.4, -0.05], dtype=dtype)
    return [w, b]


def gradients(dtype):
    """Step k, entry i: a smooth, sign-changing table; entry 1 of b is zero at every step."""
    out = []
    for k in range(STEPS):
        gw = torch.tensor([[math.sin(1.3 * (i + 4 * j) + 0.7 * k) * (1 + 0.5 * k) for i in range(4)] for j in range(3)],
                          dtype=dtype)
        gb = torch.tensor([math.cos(0.9 * i - 0.4 * k) * 0.3 if i != 1 else 0.0 for i in range(5)], dtype=dtype)
        out.append([gw, gb])
    return out


def grokfast_ema(params, grads, state, alpha=0.98, lamb=2.0):
    """ironjr/grokfast gradfilter_ema: the EMA starts at the first gradient."""
    if state is None:
        state = [p.grad.detach().clone() for p in params]
    for i, p in enumerate(params):
        state[i] = state[i] * alpha + p.grad.detach() * (1 - alpha)
        p.grad = p.grad + state[i] * lamb
    return state


def orthograd(params, eps=1e-30):
    """Prieto et al. OrthoGrad: per parameter, project out w and rescale to the original gradient norm."""
    for p in params:
        w = p.detach().view(-1)
        g = p.grad.view(-1)
        proj = torch.dot(w, g) / (torch.dot(w, w) + eps)
        g_orth = g - proj * w
        scaled = g_orth * (g.norm(2) / (g_orth.norm(2) + eps))
        p.grad.copy_(scaled.view_as(p.grad))


CASES = [
    ("adam", dict(lr=0.01), None),
    ("adam", dict(lr=0.01, weight_decay=0.1), None),
    ("adam", dict(lr=0.05, betas=(0.8, 0.95), eps=1e-3), None),
    ("adamw", dict(lr=0.01, weight_decay=0.1), None),
    ("adamw", dict(lr=1e-3, betas=(0.9, 0.98), weight_decay=1.0), None),
    ("sgd", dict(lr=0.1, momentum=0.9), None),
    ("sgd", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01), None),
    ("adam", dict(lr=0.01), "grokfast_ema"),
    ("sgd", dict(lr=0.1), "orthograd"),
]


def run(kind, options, wrapper, dtype):
    params = [t.clone().requires_grad_(True) for t in initial(dtype)]
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}[kind]
    opt = cls(params, foreach=False, **options)
    ema = None
    trajectory = []
    for g in gradients(dtype):
        for p, gi in zip(params, g):
            p.grad = gi.clone()
        if wrapper == "grokfast_ema":
            ema = grokfast_ema(params, None, ema)
        elif wrapper == "orthograd":
            orthograd(params)
        opt.step()
        trajectory.append([float(x) for p in params for x in p.detach().reshape(-1).tolist()])
    return trajectory


def flat(tensors):
    return [float(x) for t in tensors for x in t.reshape(-1).tolist()]


def main():
    out = {
        "torch": torch.__version__,
        "groups": [{"name": n, "rows": s[0], "cols": s[1] if len(s) > 1 else 1} for n, s in SHAPES],
        "initial": flat(initial(torch.float64)),
        "gradients": [flat(g) for g in gradients(torch.float64)],
        "cases": [],
    }
    for kind, options, wrapper in CASES:
        case = {"optimiser": kind, "wrapper": wrapper or "none",
                "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()},
                "float64": run(kind, options, wrapper, torch.float64),
                "float32": run(kind, options, wrapper, torch.float32)}
        out["cases"].append(case)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

"""PyTorch reference values for EncoderDecoderTorchTests: the modular MLP of paper 1 (spec C) built as the reference
code builds it (one-hot rows through Linear(p -> d, bias=False) per operand, h.reshape(-1, s, s) matrix product,
Linear(d -> h) -> ReLU -> Linear(h -> p), no biases), in float64 at a small size, with the loss, the logits, the
gradients of every parameter and of beta * norm(W, p) summed over the weights for p = 1, 2 (Frobenius) and 'nuc'.

    /usr/bin/python3 encoder_decoder_reference.py > encoder_decoder_reference.json
"""
import json
import torch

torch.manual_seed(7)
p, d, hidden, batch, side = 11, 16, 8, 6, 4
E1 = torch.nn.Linear(p, d, bias=False).double()
E2 = torch.nn.Linear(p, d, bias=False).double()
W1 = torch.nn.Linear(d, hidden, bias=False).double()
W2 = torch.nn.Linear(hidden, p, bias=False).double()
torch.nn.init.normal_(W1.weight, std=1 / hidden ** 0.5)
torch.nn.init.normal_(W2.weight, std=1 / p ** 0.5)
weights = [E1.weight, E2.weight, W1.weight, W2.weight]
x1 = torch.tensor([3, 0, 10, 3, 7, 5])
x2 = torch.tensor([4, 4, 1, 9, 7, 0])
y = (x1 + x2) % p
onehot = torch.nn.functional.one_hot(torch.stack([x1, x2], 1), p).double()  # (batch, 2, p), as the reference feeds it


def logits():
    h1 = E1(onehot[:, 0]).reshape(-1, side, side)
    h2 = E2(onehot[:, 1]).reshape(-1, side, side)
    z = torch.matmul(h1, h2).reshape(batch, d)
    return W2(torch.relu(W1(z)))


def grads(loss):
    for w in weights:
        w.grad = None
    loss.backward()
    return [w.grad.flatten().tolist() for w in weights]


out = {"p": p, "width": d, "hidden": hidden, "batch": batch,
       "x1": x1.tolist(), "x2": x2.tolist(), "labels": y.tolist(),
       "parameters": [v for w in weights for v in w.detach().flatten().tolist()]}
z = logits()
loss = torch.nn.functional.cross_entropy(z, y)
out["logits"] = z.detach().flatten().tolist()
out["loss"] = loss.item()
out["gradient"] = [v for g in grads(loss) for v in g]
beta = 0.3
for name, order in [("l1", 1), ("l2", 2), ("nuclear", "nuc")]:
    penalty = sum(beta * torch.norm(w, order) for w in weights)
    out[name] = {"value": penalty.item(), "gradient": [v for g in grads(penalty) for v in g]}
out["torch"] = torch.__version__
print(json.dumps(out))

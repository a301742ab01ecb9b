"""PyTorch reference values for TeacherStudentTorchTests: the teacher-student student of paper 1 (spec B.12, D.1),
MLP([d, h, C]) = Linear(d -> h, bias=False) -> ReLU -> Linear(h -> C, bias=False), built as the reference code builds
it, in float64 at a small size (d = 7, h = 11, C = 2, N = 5), from given weights. For each regulariser it writes the
loss, the gradient of every weight and the weights after 10 full-batch Adam steps:
  l1, l2, nuc: nn.MSELoss() + beta * sum_W torch.norm(W, p)   (p = 1, 2 = unsquared Frobenius, 'nuc');
  sobolev:     nn.MSELoss() + beta * ||J - J*||_F over the whole batch, J the input-Jacobian by autograd with
               create_graph=True (as jacobian_batched does), J* the teacher's.

    /usr/bin/python3 teacher_student_reference.py > teacher_student_reference.json
"""
import json
import numpy as np
import torch

d, h, C, N = 7, 11, 2, 5
lr, beta, steps = 1e-2, 3e-2, 10
rng = np.random.RandomState(5)
X = rng.standard_normal((N, d))
A_star = rng.standard_normal((h, d))
B_star = rng.standard_normal((C, h)) / h
A0 = rng.standard_normal((h, d)) / np.sqrt(h)
B0 = rng.standard_normal((C, h)) / np.sqrt(C)

pre = X @ A_star.T
Y = np.maximum(pre, 0) @ B_star.T
# the teacher's Jacobians, sample by sample: J*_i = B* diag(1[A* x_i > 0]) A*
J_star = np.stack([B_star @ ((pre[i] > 0)[:, None] * A_star) for i in range(N)])  # N x C x d

x_t, y_t, j_t = (torch.tensor(v) for v in (X, Y, J_star))


def student():
    model = torch.nn.Sequential(torch.nn.Linear(d, h, bias=False), torch.nn.ReLU(), torch.nn.Linear(h, C, bias=False)).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor(A0))
        model[2].weight.copy_(torch.tensor(B0))
    return model


def objective(model, kind):
    mse = torch.nn.MSELoss()(model(x_t), y_t)
    if kind == 'sobolev':
        jac = torch.autograd.functional.jacobian(lambda x: model(x).sum(0), x_t, create_graph=True, vectorize=True)  # C x N x d
        return mse + beta * torch.norm(jac.permute(1, 0, 2) - j_t)
    p = {'l1': 1, 'l2': 2, 'nuc': 'nuc'}[kind]
    return mse + beta * sum(torch.norm(w, p) for w in (model[0].weight, model[2].weight))


out = {'d': d, 'h': h, 'C': C, 'N': N, 'lr': lr, 'beta': beta, 'steps': steps,
       'X': X.ravel().tolist(), 'Y': Y.ravel().tolist(), 'J_star': J_star.ravel().tolist(),
       'A0': A0.ravel().tolist(), 'B0': B0.ravel().tolist(), 'cases': {}}
for kind in ('l1', 'l2', 'nuc', 'sobolev'):
    model = student()
    loss = objective(model, kind)
    loss.backward()
    case = {'loss': loss.item(),
            'grad_A': model[0].weight.grad.ravel().tolist(), 'grad_B': model[2].weight.grad.ravel().tolist()}
    model = student()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        objective(model, kind).backward()
        opt.step()
    case['A'] = model[0].weight.detach().ravel().tolist()
    case['B'] = model[2].weight.detach().ravel().tolist()
    out['cases'][kind] = case
print(json.dumps(out, indent=1))

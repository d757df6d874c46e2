// @ts-check
/**
 * A complete PyTorch program for the current settings that runs with only torch and numpy: the lab's
 * own data maker and split (sources from /api/config "code", copied verbatim), the network and, when
 * p > 0, its no-dropout twin trained in lockstep, per-epoch losses and the final gap. Pure: no DOM.
 * tests/unit/test_generated_code.py runs it for every pattern and compares it with the engine.
 */

const ACTIVATIONS = { relu: 'nn.ReLU', tanh: 'nn.Tanh', gelu: 'nn.GELU' };

/**
 * @typedef {{helpers: string, makers: Record<string, string>, split: string}} DataCode
 */

/**
 * @param {Record<string, any>} c configuration values (knob name -> value)
 * @param {DataCode} data the lab's data functions as Python source
 * @returns {string}
 */
export function renderPytorchCode(c, data) {
  const p = Number(c.dropout);
  const act = /** @type {Record<string, string>} */ (ACTIVATIONS)[c.activation] ?? 'nn.ReLU';
  const optimizer =
    c.optimizer === 'sgd'
      ? `torch.optim.SGD(model.parameters(), lr=LR, momentum=${c.momentum}, weight_decay=WEIGHT_DECAY)`
      : 'torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)';
  const batch = Number(c.batch_size) === 0 ? '0  # 0 = full batch' : String(c.batch_size);
  const maker = data.makers[c.dataset] ?? '';
  const networks =
    p > 0
      ? `{"plain": make_mlp(0.0), "dropout": make_mlp(P)}  # the twin: same initial weights, no dropout`
      : `{"plain": make_mlp(0.0)}  # drop probability 0: the plain network alone`;
  return `"""dropout-lab, as plain PyTorch: ${c.dataset}, noise ${c.noise}, ${c.n_samples} points (${Math.round(c.val_share * 100)}% for validation),
${c.layers} hidden layers x ${c.neurons} ${c.activation} units, drop probability ${p}, ${c.optimizer} lr ${c.lr},
batch ${c.batch_size || 'full'}, weight decay ${c.weight_decay}, ${c.epochs} epochs, seed ${c.seed}.

Needs only torch and numpy:  python dropout_lab_run.py

How close to the lab: the plain network gets the lab's data, split, initial weights and mini-batch
order, so its losses match the lab's up to float rounding: the first epochs agree to about five
decimals, but over hundreds of epochs an overfitting net amplifies the rounding differences, so
expect the same story, not the same digits. ${
    p > 0
      ? `The dropout network cannot match exactly: nn.Dropout
draws its masks from PyTorch's generator, the lab from its own mask stream, so its numbers differ a
little while it behaves the same.`
      : `There is no dropout network (p = 0).`
  }
"""

import math

import numpy as np
import torch
from torch import nn

SEED = ${c.seed}
N_SAMPLES, NOISE, VAL_SHARE = ${c.n_samples}, ${c.noise}, ${c.val_share}
LAYERS, NEURONS, P = ${c.layers}, ${c.neurons}, ${p}
EPOCHS, BATCH_SIZE, LR, WEIGHT_DECAY = ${c.epochs}, ${batch}, ${c.lr}, ${c.weight_decay}
torch.set_num_threads(1)  # small networks: one thread is fastest


# ---- the data: the lab's own functions, copied verbatim -------------------------------------------
${data.helpers}


${maker}

${data.split}

X, y = make_${c.dataset}(N_SAMPLES, noise=NOISE, random_state=SEED)
X_train, y_train, X_val, y_val = (torch.from_numpy(a) for a in split_train_val(X, y, val_share=VAL_SHARE, random_state=SEED))


# ---- the network: Linear -> activation -> Dropout(p) per hidden layer, never on the output ---------
def make_mlp(p):
    """2 -> NEURONS x LAYERS -> 2 logits, initialised from SEED exactly as the lab does (nn.Linear's
    default distribution, drawn in float64 from a generator seeded with SEED)."""
    gen = torch.Generator().manual_seed(SEED)
    sizes = [2] + [NEURONS] * LAYERS + [2]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.Linear(fan_in, fan_out)
        bound = 1 / math.sqrt(fan_in)
        with torch.no_grad():
            linear.weight.copy_((torch.rand(fan_out, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * bound)
            linear.bias.copy_((torch.rand(1, fan_out, generator=gen, dtype=torch.float64)[0] * 2 - 1) * bound)
        layers.append(linear)
        if i < LAYERS:  # a hidden layer: activation, then dropout (never on the output logits)
            layers += [${act}()] + ([nn.Dropout(p)] if p > 0 else [])
    return nn.Sequential(*layers)


def evaluate(model, X, y):
    """Loss and accuracy of the whole network: eval mode, dropout off, no gradients."""
    model.eval()
    with torch.no_grad():
        logits = model(X)
        loss = nn.functional.cross_entropy(logits, y).item()
        acc = (logits.argmax(dim=1) == y).float().mean().item()
    model.train()  # forget this and dropout silently stays off for the rest of training
    return loss, acc


models = ${networks}
optimizers = {name: ${optimizer} for name, model in models.items()}
loss_fn = nn.CrossEntropyLoss()
torch.manual_seed(SEED)  # nn.Dropout's masks
shuffle = torch.Generator().manual_seed(SEED * 1_000_003 + 1)  # the lab's mini-batch order
n = len(X_train)
batch = BATCH_SIZE if 0 < BATCH_SIZE < n else n

for epoch in range(1, EPOCHS + 1):
    order = torch.randperm(n, generator=shuffle)  # the same batches for both networks
    for model in models.values():
        model.train()  # dropout on: kept units are scaled by 1/(1 - p)
    for start in range(0, n, batch):
        idx = order[start : start + batch]
        for name, model in models.items():
            optimizers[name].zero_grad()
            loss = loss_fn(model(X_train[idx]), y_train[idx])  # loss of one random thinned network
            loss.backward()
            optimizers[name].step()
    line = []
    for name, model in models.items():
        train_loss, _ = evaluate(model, X_train, y_train)  # eval-mode training loss, not the batch loss
        val_loss, val_acc = evaluate(model, X_val, y_val)
        line.append(f"{name}: train {train_loss:.4f} val {val_loss:.4f} gap {val_loss - train_loss:.4f}")
    print(f"epoch {epoch:4d}  " + "  |  ".join(line))

for name, model in models.items():
    train_loss, _ = evaluate(model, X_train, y_train)
    val_loss, val_acc = evaluate(model, X_val, y_val)
    print(f"final {name}: train_loss {train_loss:.6f} val_loss {val_loss:.6f} gap {val_loss - train_loss:.6f} val_acc {val_acc:.4f}")
`;
}

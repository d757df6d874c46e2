// @ts-check
/** Plain PyTorch code for the current configuration: what the lab trains, written the textbook way. */

const ACTIVATIONS = { relu: 'nn.ReLU()', tanh: 'nn.Tanh()', gelu: 'nn.GELU()' };

/**
 * @param {Record<string, any>} c configuration values (knob name -> value)
 * @returns {string}
 */
export function renderPytorchCode(c) {
  const act = /** @type {Record<string, string>} */ (ACTIVATIONS)[c.activation] ?? 'nn.ReLU()';
  const p = Number(c.dropout);
  const hidden =
    p > 0
      ? `            layers += [nn.Linear(width, ${c.neurons}), ${act}, nn.Dropout(p=${p})]  # after each hidden activation`
      : `            layers += [nn.Linear(width, ${c.neurons}), ${act}]  # drop probability 0: no dropout layer`;
  const optimizer =
    c.optimizer === 'sgd'
      ? `torch.optim.SGD(model.parameters(), lr=${c.lr}, momentum=${c.momentum}, weight_decay=${c.weight_decay})`
      : `torch.optim.Adam(model.parameters(), lr=${c.lr}, weight_decay=${c.weight_decay})`;
  const batch = Number(c.batch_size) === 0 ? 'len(X_train)  # full batch' : String(c.batch_size);
  return `import torch
from torch import nn

# ${c.dataset}, noise ${c.noise}, ${c.n_samples} points (${Math.round(c.val_share * 100)}% for validation), seed ${c.seed}
# X_train, X_val: float32 tensors of shape (n, 2); y_train, y_val: int64 tensors of shape (n,), values 0/1
torch.manual_seed(${c.seed})


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        layers, width = [], 2
        for _ in range(${c.layers}):
${hidden}
            width = ${c.neurons}
        layers.append(nn.Linear(width, 2))  # output logits: never dropped
        self.net = nn.Sequential(*layers)

    def forward(self, x):  # x: (batch, 2) -> logits (batch, 2)
        return self.net(x)


model = MLP()
optimizer = ${optimizer}
loss_fn = nn.CrossEntropyLoss()
batch_size = ${batch}


def evaluate(X, y):
    """Loss and accuracy of the whole network: dropout off (eval mode is the identity)."""
    model.eval()
    with torch.no_grad():
        logits = model(X)
        loss = loss_fn(logits, y).item()
        acc = (logits.argmax(dim=1) == y).float().mean().item()
    model.train()  # forget this and dropout silently stays off for the rest of training
    return loss, acc


for epoch in range(1, ${c.epochs} + 1):
    model.train()  # dropout on: kept units are scaled by 1/(1-p)
    order = torch.randperm(len(X_train))
    for start in range(0, len(X_train), batch_size):
        idx = order[start : start + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_train[idx]), y_train[idx])  # loss of one random thinned network
        loss.backward()
        optimizer.step()
    train_loss, train_acc = evaluate(X_train, y_train)  # eval-mode training loss, not the mini-batch loss
    val_loss, val_acc = evaluate(X_val, y_val)
    gap = val_loss - train_loss  # the overfitting gap
    print(f"epoch {epoch}: train {train_loss:.3f}  val {val_loss:.3f}  gap {gap:.3f}")
`;
}

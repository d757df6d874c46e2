"""The reference: one network trained the way PyTorch tutorials teach it.

DataLoader(batch_size=32, shuffle=True), nn.Sequential with nn.Dropout, Adam, autograd; after every
epoch an eval-mode pass over the training and validation sets; a 100x100 boundary grid every 10 epochs
and at the end. Same data, same architecture, same work as the engine's demo pair -- only the design
differs. Used by bench_engine.py; never imported by the package.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def build_model(layers: int, neurons: int, dropout: float) -> nn.Sequential:
    modules: list[nn.Module] = []
    fan_in = 2
    for _ in range(layers):
        modules += [nn.Linear(fan_in, neurons), nn.ReLU(), nn.Dropout(dropout)]
        fan_in = neurons
    modules.append(nn.Linear(fan_in, 2))
    return nn.Sequential(*modules)


def train_reference(X_train, y_train, X_val, y_val, grid, *, layers, neurons, dropout, epochs, seed=0):
    """Returns the final validation loss (so the work cannot be optimised away)."""
    torch.manual_seed(seed)
    model = build_model(layers, neurons, dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=32, shuffle=True)
    val_loss = float("nan")
    for epoch in range(1, epochs + 1):
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            train_out = model(X_train)
            val_out = model(X_val)
            _ = loss_fn(train_out, y_train).item(), (train_out.argmax(1) == y_train).float().mean().item()
            val_loss = loss_fn(val_out, y_val).item()
            _ = (val_out.argmax(1) == y_val).float().mean().item()
            if epoch % 10 == 0 or epoch == epochs:
                _ = torch.softmax(model(grid), dim=1)[:, 1].tolist()
    return val_loss

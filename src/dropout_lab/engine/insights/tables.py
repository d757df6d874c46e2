"""Each insight's result as table rows (for CSV files and terminals) and a one-line headline.

Rows are flat dicts of numbers and short strings; nothing here trains or formats for a medium.
"""

from __future__ import annotations

from typing import Any


def insight_rows(name: str, r: dict[str, Any]) -> list[dict[str, Any]]:
    """The main numbers of insight `name`'s result `r`, one dict per row."""
    if name == "sweep":
        m = r["metrics"]
        return [
            {
                "drop_probability": p,
                "val_loss_mean": m["val_loss"]["mean"][i],
                "val_loss_std": m["val_loss"]["std"][i],
                "gap_mean": m["gap"]["mean"][i],
                "gap_std": m["gap"]["std"][i],
                "train_loss_mean": m["train_loss"]["mean"][i],
                "val_acc_mean": m["val_acc"]["mean"][i],
                "best": p == r["best_rate"],
                "early_stop_epoch": r["early_stop_epoch"][i] if "early_stop_epoch" in r else None,
            }
            for i, p in enumerate(r["rates"])
        ]
    if name == "ensemble":
        noise = r.get("noise_mean") or [None] * len(r["samples"])
        return [
            {
                "passes": t,
                "distance_to_eval_mean": r["distance_mean"][i],
                "distance_to_eval_std": r["distance_std"][i],
                "distance_to_long_run_mc": noise[i],
                "mc_val_loss": r["mc_val_loss"][i],
                "eval_val_loss": r["eval_val_loss"],
            }
            for i, t in enumerate(r["samples"])
        ]
    if name == "uncertainty":
        return [{"measure": key, "value": value} for key, value in r["regions"].items()]
    if name == "knockout":
        return [
            {
                "share_off": s,
                "units_off_per_layer": r["n_off"][i],
                "baseline_increase": r["increase"]["baseline"][i],
                "dropout_increase": r["increase"]["dropout"][i],
                "seeds_baseline_hurt_more": r["baseline_hurt_more"][i],
                "seeds": len(r["seeds"]),
            }
            for i, s in enumerate(r["shares"])
        ]
    if name == "alternatives":
        rows: list[dict[str, Any]] = [
            {
                "section": "regulariser",
                "network": kind,
                "final_val_loss": v["mean_final_val_loss"],
                "early_stop_val_loss": v["mean_early_stop_val_loss"],
                "early_stop_epoch": v["mean_curve_best_epoch"],
            }
            for kind, v in r["regularisers"].items()
        ]
        rows += [
            {
                "section": "training-set size",
                "network": f"{s['n_train']} training points",
                "baseline_val_loss": sum(s["baseline_val_loss"]) / len(s["baseline_val_loss"]),
                "dropout_val_loss": sum(s["dropout_val_loss"]) / len(s["dropout_val_loss"]),
                "dropout_gain": s["mean_gain"],
            }
            for s in r["sizes"]
        ]
        return rows
    raise ValueError(f"unknown insight '{name}'")


def headline(name: str, r: dict[str, Any]) -> str:
    """One plain sentence with the result's main number."""
    if name == "sweep":
        worst = r["metrics"]["val_loss"]["mean"][-1]
        return (
            f"Best drop probability {r['best_rate']:g} (mean validation loss {r['best_val_loss']:.3f}); "
            f"at p = {r['rates'][-1]:g} it is {worst:.3f}."
        )
    if name == "ensemble":
        return (
            f"MC average vs eval mode: mean |difference| {r['distance_mean'][0]:.3f} with 1 pass, "
            f"{r['distance_mean'][-1]:.3f} with {r['samples'][-1]}."
        )
    if name == "uncertainty":
        g = r["regions"]
        return (
            f"MC spread near the data {g['spread_near']:.3f}, far from it {g['spread_far']:.3f}; "
            f"{g['far_confident_share']:.0%} of far cells are called confidently (spread < 0.05)."
        )
    if name == "knockout":
        i = min(range(len(r["shares"])), key=lambda j: abs(r["shares"][j] - 0.3))
        return (
            f"{r['shares'][i]:.0%} of hidden units off: validation loss "
            f"{r['increase']['baseline'][i]:+.0%} without dropout, {r['increase']['dropout'][i]:+.0%} with; "
            f"the plain net is hurt more in {r['baseline_hurt_more'][i]} of {len(r['seeds'])} seeds."
        )
    if name == "alternatives":
        gains = ", ".join(f"{s['n_train']} points {s['mean_gain']:+.3f}" for s in r["sizes"])
        return f"Dropout's gain in validation loss by training-set size: {gains}."
    raise ValueError(f"unknown insight '{name}'")

"""The one field system and what is built on it: specs, range words, errors, presets, network lists."""

from __future__ import annotations

from typing import Annotated

import numpy as np
import pytest
import torch
from pydantic import Field, ValidationError

from dropout_lab.engine.config import ConfigError, TrainConfig, describe_range, knob_specs, make_config
from dropout_lab.engine.cost import run_flops
from dropout_lab.engine.events import NetworkSummary
from dropout_lab.engine.experiment import comparison_networks, sweep_networks, warm_up
from dropout_lab.engine.fields import MAX_SHOWN, Settings, field_specs, setting, validate
from dropout_lab.engine.presets import PRESETS, get_preset
from dropout_lab.engine.summary import differences, summarize


def spec(name: str) -> dict:
    return next(s for s in knob_specs() if s["name"] == name)


def test_every_knob_has_its_type_default_label_help_group_and_bounds():
    assert [s["name"] for s in knob_specs()] == list(TrainConfig.model_fields)
    dropout = spec("dropout")
    assert {k: dropout[k] for k in ("type", "default", "label", "group", "minimum", "maximum")} == {
        "type": "number",
        "default": 0.0,
        "label": "Drop probability",
        "group": "basic",
        "minimum": 0.0,
        "maximum": 0.9,
    }
    assert dropout["help"].startswith("Probability of zeroing each hidden unit")
    assert spec("epochs")["type"] == "integer" and spec("lr")["group"] == "advanced"
    assert spec("lr")["exclusiveMinimum"] == 0.0 and "minimum" not in spec("lr")
    assert spec("dataset")["choices"] == ["blobs", "circles", "xor", "moons", "spiral"]
    assert spec("dataset")["type"] == "string"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("dropout", "a number from 0 to 0.9"),
        ("epochs", "an integer from 1 to 2000"),
        ("lr", "a number above 0 and at most 1"),
        ("momentum", "a number at least 0 and below 1"),
        ("dataset", "one of blobs, circles, xor, moons, spiral"),
        ("activation", "one of relu, tanh, gelu"),
    ],
)
def test_the_allowed_range_is_said_in_words_derived_from_the_bounds(name, words):
    assert describe_range(name) == words
    assert spec(name)["allowed"] == words


class Example(Settings):
    """List, boolean and unbounded fields, as the analyses' parameters use them."""

    rates: list[Annotated[float, Field(ge=0.0, lt=1.0)]] = setting(
        [0.1], label="Rates", help="Drop rates.", min_length=1, max_length=4
    )
    sizes: list[Annotated[int, Field(ge=1, le=9)]] = setting([1], label="Sizes", help="Sizes.", max_length=3)
    rescale: bool = setting(True, label="Rescale", help="Rescale or not.")
    name: str = setting("x", label="Name", help="Any name.")
    extras: list = setting([], label="Extras", help="Any list.")
    either: int | str = setting(1, label="Either", help="A number or a word.")
    plain: int = setting(0, label="Plain", help="Any integer.")
    count: int = setting(1, label="Count", help="At least one.", ge=1)
    share: float = setting(0.5, label="Share", help="Below one.", lt=1.0)
    tolerance: float = setting(1e-3, label="Tolerance", help="Tiny to huge.", gt=1e-6, le=1e20)


def test_list_boolean_and_open_fields_are_described_too():
    specs = {s["name"]: s for s in field_specs(Example)}
    rates = specs["rates"]
    assert (rates["type"], rates["item_type"], rates["min_items"], rates["max_items"]) == (
        "list",
        "number",
        1,
        4,
    )
    assert (rates["minimum"], rates["exclusiveMaximum"]) == (0.0, 1.0)
    assert rates["allowed"] == "a list of 1 to 4 numbers at least 0 and below 1"
    assert specs["sizes"]["allowed"] == "a list of 0 to 3 integers from 1 to 9"
    assert specs["rescale"]["allowed"] == "true or false" and specs["rescale"]["type"] == "boolean"
    assert specs["name"]["allowed"] == "any text" and specs["name"]["group"] == "basic"
    assert (specs["extras"]["item_type"], specs["extras"]["allowed"]) == (
        "number",
        "a list of at least 0 numbers",
    )
    assert specs["either"]["type"] == "string"  # no single JSON type: taken as text
    assert specs["plain"]["allowed"] == "an integer"
    assert specs["count"]["allowed"] == "an integer at least 1"
    assert specs["share"]["allowed"] == "a number below 1"
    assert specs["tolerance"]["allowed"] == "a number above 1e-06 and at most 1e+20"


def test_a_bad_value_is_named_with_its_label_and_range_and_a_good_one_kept():
    with pytest.raises(ConfigError) as caught:
        make_config({"dropout": 1.5, "epochs": 0, "layers": 2})
    assert caught.value.errors == [
        {
            "field": "dropout",
            "label": "Drop probability",
            "message": "must be a number from 0 to 0.9 (got 1.5)",
        },
        {"field": "epochs", "label": "Epochs", "message": "must be an integer from 1 to 2000 (got 0)"},
    ]
    assert str(caught.value).startswith("dropout: must be a number from 0 to 0.9 (got 1.5); epochs: ")
    assert isinstance(caught.value, ValueError)
    assert make_config({"layers": 2}, dropout=0.5).model_dump()["layers"] == 2
    assert make_config({"dropout": 0.1}, dropout=0.5).dropout == 0.5  # keyword overrides win


def test_unknown_keys_non_objects_and_huge_values_get_short_specific_errors():
    with pytest.raises(ConfigError) as caught:
        make_config({"dropuot": 0.5})
    assert caught.value.errors == [
        {"field": "dropuot", "label": "dropuot", "message": "unknown setting 'dropuot'"}
    ]
    with pytest.raises(ConfigError) as caught:
        make_config([1, 2])  # type: ignore[arg-type]
    assert caught.value.errors == [
        {"field": "config", "label": "config", "message": "must be an object of settings (got [1, 2])"}
    ]
    with pytest.raises(ConfigError) as caught:
        validate(Example, "x" * 500, where="params")
    assert caught.value.errors[0]["field"] == "params"
    with pytest.raises(ConfigError) as caught:
        make_config({"dataset": "y" * 500})
    message = caught.value.errors[0]["message"]
    assert "'" + "y" * (MAX_SHOWN - 2) + "…" in message and len(message) < 120
    with pytest.raises(ConfigError) as caught:
        make_config({"dataset": "w" * (MAX_SHOWN - 2)})  # its repr is exactly MAX_SHOWN long: kept whole
    assert "(got '" + "w" * (MAX_SHOWN - 2) + "')" in caught.value.errors[0]["message"]
    with pytest.raises(ConfigError) as caught:
        make_config({"z" * 100: 1})
    assert caught.value.errors[0]["field"] == "z" * (MAX_SHOWN - 1) + "…"


def test_several_bad_items_of_a_list_give_one_message_and_none_means_defaults():
    with pytest.raises(ConfigError) as caught:
        validate(Example, {"rates": [2.0, 3.0, 0.5]})
    assert caught.value.errors == [
        {
            "field": "rates",
            "label": "Rates",
            "message": "must be a list of 1 to 4 numbers at least 0 and below 1 (got [2.0, 3.0, 0.5])",
        }
    ]
    assert validate(Example, None) == Example()
    with pytest.raises(ConfigError) as caught:  # a field after the repeated one is still reported
        validate(Example, {"rates": [2.0, 3.0], "count": 0})
    assert [e["field"] for e in caught.value.errors] == ["rates", "count"]
    with pytest.raises(ValidationError):
        Example().rescale = False  # type: ignore[misc]  # settings are frozen


def test_presets_are_valid_configs_and_an_unknown_name_lists_the_valid_ones():
    for preset in PRESETS:
        assert get_preset(preset.name) is preset
        assert preset.to_dict() == {
            "name": preset.name,
            "title": preset.title,
            "expect": preset.expect,
            "config": make_config(preset.values).model_dump(),
        }
    with pytest.raises(ValueError, match="unknown preset 'nope'; choose one of: severe-overfitting, "):
        get_preset("nope")


def test_the_comparison_is_the_config_and_its_twin_and_a_sweep_one_network_per_rate_and_seed():
    config = make_config(dropout=0.3, weight_decay=0.01, seed=4)
    base, drop = comparison_networks(config)
    assert (base.name, base.dropout, base.weight_decay, base.seed) == ("baseline", 0.0, 0.01, 4)
    assert (drop.name, drop.dropout, drop.weight_decay, drop.seed) == ("dropout", 0.3, 0.01, 4)
    assert [n.name for n in comparison_networks(make_config(dropout=0.0))] == ["baseline"]
    sweep = sweep_networks(config, [0.0, 0.25], [1, 2])
    assert [(n.name, n.dropout, n.seed, n.weight_decay) for n in sweep] == [
        ("p=0.00 seed=1", 0.0, 1, 0.01),
        ("p=0.00 seed=2", 0.0, 2, 0.01),
        ("p=0.25 seed=1", 0.25, 1, 0.01),
        ("p=0.25 seed=2", 0.25, 2, 0.01),
    ]


def test_the_summary_takes_the_last_epoch_and_the_best_validation_epoch():
    nets = sweep_networks(make_config(), [0.0, 0.5], [0])
    # (epochs, 5, K): train_loss, val_loss, train_acc, val_acc, batch_loss
    history = np.array(
        [
            [[0.9, 0.8], [1.0, 0.9], [0.5, 0.6], [0.4, 0.5], [1.1, 1.2]],
            [[0.5, 0.6], [0.7, 0.95], [0.7, 0.7], [0.6, 0.6], [0.6, 0.9]],
            [[0.2, 0.5], [0.9, 0.85], [0.9, 0.8], [0.7, 0.7], [0.3, 0.7]],
        ]
    )
    plain, drop = summarize(nets, history)
    assert (plain.epochs_run, plain.train_loss, plain.val_loss, plain.train_acc, plain.val_acc) == (
        3, 0.2, 0.9, 0.9, 0.7
    )  # fmt: skip
    assert plain.gap == pytest.approx(0.7)
    assert (plain.best_epoch, plain.best_val_loss) == (2, 0.7)
    assert (drop.best_epoch, drop.best_val_loss) == (3, 0.85)
    assert (drop.network, drop.dropout, drop.seed) == ("p=0.50 seed=0", 0.5, 0)
    diff = differences([plain, drop])["p=0.50 seed=0"]
    assert diff == pytest.approx(
        {"val_loss": 0.85 - 0.9, "gap": 0.35 - 0.7, "train_loss": 0.5 - 0.2, "val_acc": 0.0}
    )


def _summary(name: str, dropout=0.0, weight_decay=0.0, seed=0) -> NetworkSummary:
    return NetworkSummary(
        network=name, dropout=dropout, weight_decay=weight_decay, seed=seed, epochs_run=1, train_loss=0.1,
        val_loss=0.2, gap=0.1, train_acc=1.0, val_acc=0.9, best_epoch=1, best_val_loss=0.2,
    )  # fmt: skip


def test_differences_need_a_plain_first_network_and_the_same_seed():
    assert differences([]) == {}
    assert differences([_summary("a", dropout=0.1), _summary("b")]) == {}
    assert differences([_summary("a", weight_decay=0.1), _summary("b")]) == {}
    assert list(differences([_summary("a"), _summary("b"), _summary("c", seed=1)])) == ["b"]


def test_the_cost_of_a_run_counts_the_points_it_is_given():
    config = make_config(n_samples=400, val_share=0.25)
    given, configured = run_flops(config, 1, n_points=100), run_flops(config, 1)
    assert given.evaluation * 4 == configured.evaluation
    assert given.training * 4 == configured.training  # 75 of 100 points train, 300 of 400


def test_the_warm_up_trains_a_tiny_comparison_and_returns():
    threads = torch.get_num_threads()
    warm_up()  # the server calls it before its first client: it must not fail nor change the setting
    assert torch.get_num_threads() == threads

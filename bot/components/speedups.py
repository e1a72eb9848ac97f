"""Per-turn CPU the Rasa server spends on things that need not be redone every turn.

Profiled with py-spy on the Rasa server (bot/bench.py load, 2026-11-23): of ~70 ms CPU per turn,
~22 ms went to `jsonschema.validate()` of the action server's answer. `validate()` first checks the
*schema* against the JSON Schema meta-schema, on every call; the schema is a constant of Rasa's.
Here it is checked once and the compiled validator is reused: the same answers pass and fail
(a bad answer still raises jsonschema's ValidationError with Rasa's hint), at about 1 ms.

Second: latency spikes of 0.4-1.9 s for every conversation at once. A loaded model is ~830,000
Python objects (TensorFlow, Rasa); each full garbage collection walks them all (measured: 1.9 s
the first time, 0.44 s after). `freeze_once()` moves everything alive after the model is loaded
and has answered its first message into the permanent generation (`gc.freeze()`), so later
collections only look at the objects of the conversations (a full collection: ~0 ms). The cost:
a model replaced at run time through the HTTP API is not freed; `make run` loads one model.

Third: the intent classifier's linear model (e5_intent_classifier.py) multiplies a sparse feature
row with `coef_.T`. scipy needs that matrix C-contiguous and copied it on every call (6.6 MB, ~8 ms
of a typed message's ~19 ms NLU CPU; cProfile: `ndarray.ravel`). `contiguous_coefficients()` stores
`coef_` in Fortran order once at load, so `coef_.T` is C-contiguous and used as it is: the same
numbers in the same order, bit-identical probabilities (tested), ~0.4 ms.

Installed when Rasa imports the custom components package (bot/components/__init__.py), i.e. in
every process that loads the model; `install()` is idempotent.
"""

from __future__ import annotations

import gc
from typing import Any

_validator = None
_frozen = False


def freeze_once() -> None:
    """gc.freeze() the first time it is called (after loading, at the first parsed message)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()  # instant; no gc.collect() first, which would stall this first turn ~2 s


def contiguous_coefficients(model: Any) -> Any:
    """Keep a fitted linear model's `coef_` in Fortran order (see the module docstring); returns it."""
    import numpy as np

    coef = getattr(model, "coef_", None)
    if isinstance(coef, np.ndarray) and coef.ndim == 2 and not coef.flags.f_contiguous:
        model.coef_ = np.asfortranarray(coef)
    return model


def _validate_action_result(self, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.shared.constants import DOCS_BASE_URL

    global _validator
    if _validator is None:
        schema = self.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (". Failed to validate Action server response from API, make sure your response "
                      f"from the Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
        raise e


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result

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

Fourth: reading a tracker turns every stored event back into an object; for each one Rasa looks
its class up by walking all subclasses of `Event` (`all_subclasses`, with an `inspect.isabstract`
per class): ~10 walks per turn. `_resolve_event_type` keeps the name -> class table of the first
walk; a name it does not know still goes through Rasa's own lookup (defaults, errors, classes
imported later).

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


_event_types: dict[str, Any] | None = None
_rasa_resolve_by_type = None


def _resolve_event_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type from a table (see the module docstring): the same class for a name."""
    global _event_types
    if _event_types is None:
        from rasa.shared.core.events import Event
        from rasa.shared.utils.common import all_subclasses

        table: dict[str, Any] = {}
        for cls in all_subclasses(Event):  # Rasa's order: the first class with a name wins, as there
            table.setdefault(cls.type_name, cls)
        _event_types = table
    found = _event_types.get(type_name)
    return found if found is not None else _rasa_resolve_by_type(type_name, default)


def install() -> None:
    global _rasa_resolve_by_type
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    RemoteAction._validate_action_result = _validate_action_result
    if _rasa_resolve_by_type is None:
        _rasa_resolve_by_type = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(_resolve_event_type)

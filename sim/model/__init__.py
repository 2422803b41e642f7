"""The simulation: pure numpy, seeded, deterministic, never imports pygame."""

from .camera_kinds import CAMERA_KINDS
from .faces import PROFILES, D
from .model import STEP_S, Model
from .params import GROUP_SPECS, SPECS, ParamError, Params, spec_for
from .people import STATES

__all__ = [
    "CAMERA_KINDS",
    "D",
    "GROUP_SPECS",
    "PROFILES",
    "SPECS",
    "STEP_S",
    "STATES",
    "Model",
    "ParamError",
    "Params",
    "spec_for",
]

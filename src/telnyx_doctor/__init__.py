"""telnyx-doctor: diagnose why a Telnyx number can't send or receive messages; the public library and plugin API.

Attributes are imported lazily so `doctor --version` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telnyx_doctor._version import __version__

if TYPE_CHECKING:
    from telnyx_doctor.app.session import Diagnosis, Doctor, adiagnose, diagnose
    from telnyx_doctor.checkapi import Check, CheckContext, CheckOptions, StateDoc, check
    from telnyx_doctor.evidence.sendtest_models import SendTest
    from telnyx_doctor.facts import FactRequest, FactSpec
    from telnyx_doctor.hookspecs import hookimpl
    from telnyx_doctor.models import Fix, NumberKind, Report, Result, Severity, Status

_LAZY = {
    "diagnose": "telnyx_doctor.app.session",
    "adiagnose": "telnyx_doctor.app.session",
    "Doctor": "telnyx_doctor.app.session",
    "Diagnosis": "telnyx_doctor.app.session",
    "Report": "telnyx_doctor.models",
    "SendTest": "telnyx_doctor.evidence.sendtest_models",
    "Check": "telnyx_doctor.checkapi",
    "CheckContext": "telnyx_doctor.checkapi",
    "CheckOptions": "telnyx_doctor.checkapi",
    "check": "telnyx_doctor.checkapi",
    "StateDoc": "telnyx_doctor.checkapi",
    "FactRequest": "telnyx_doctor.facts",
    "FactSpec": "telnyx_doctor.facts",
    "hookimpl": "telnyx_doctor.hookspecs",
    "Fix": "telnyx_doctor.models",
    "NumberKind": "telnyx_doctor.models",
    "Result": "telnyx_doctor.models",
    "Severity": "telnyx_doctor.models",
    "Status": "telnyx_doctor.models",
}

__all__ = [
    "Check",
    "CheckContext",
    "CheckOptions",
    "Diagnosis",
    "Doctor",
    "FactRequest",
    "FactSpec",
    "Fix",
    "NumberKind",
    "Report",
    "Result",
    "SendTest",
    "Severity",
    "StateDoc",
    "Status",
    "__version__",
    "adiagnose",
    "check",
    "diagnose",
    "hookimpl",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'telnyx_doctor' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

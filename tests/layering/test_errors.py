"""Errors carry no HTTP status in the core; each face maps every error code in one table (HTTP: status, CLI:
exit code)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import service
import validators
from service.api.errors import STATUS_OF, http_status
from service.cli.app import EXIT_OF, EXIT_UNUSABLE, exit_code
from validators import errors
from validators.errors import QujatError

OPTIONAL = {"service.office_worker"}  # runs inside LibreOffice's Python (imports uno)


def _modules(package: ModuleType) -> list[ModuleType]:
    out = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name not in OPTIONAL:
            out.append(importlib.import_module(info.name))
    return out


def _classes(package: ModuleType) -> list[type]:
    return [obj for module in _modules(package) for _, obj in inspect.getmembers(module, inspect.isclass)
            if obj.__module__ == module.__name__]


def _error_classes() -> list[type[QujatError]]:
    _modules(validators), _modules(service)  # every subclass defined anywhere is imported, hence known

    def below(cls: type[QujatError]) -> list[type[QujatError]]:
        return [cls] + [sub for direct in cls.__subclasses__() for sub in below(direct)]

    return [c for c in below(QujatError) if c.__module__.split(".")[0] in ("validators", "service")]


def test_no_class_under_validators_has_an_http_status():
    classes = _classes(validators)
    assert errors.UnusableDocument in classes and len(classes) > 50
    offending = []
    for cls in classes:
        for name, value in inspect.getmembers(cls):
            lowered = name.lower()
            if "http" in lowered or (("status" in lowered) and isinstance(value, int) and 100 <= value <= 599):
                offending.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert offending == []


def test_every_error_code_has_an_http_status_and_an_exit_code():
    classes = _error_classes()
    assert len(classes) >= 15  # the core's, the limits', the batch store's, the HTTP face's own
    for cls in classes:
        assert cls.code in STATUS_OF, f"{cls.__module__}.{cls.__name__}: code {cls.code!r} has no HTTP status"
        assert cls.code in EXIT_OF, f"{cls.__module__}.{cls.__name__}: code {cls.code!r} has no exit code"


@pytest.mark.parametrize(("cls", "status"), [
    (errors.QujatError, 400), (errors.UnusableDocument, 422), (errors.UnsupportedType, 415), (errors.TooLarge, 413),
    (errors.DataInvalid, 422), (errors.UnknownName, 422), (errors.ServiceUnavailable, 503),
    (errors.ConfigurationError, 503),
])
def test_the_core_errors_keep_their_statuses_and_exit_2(cls, status):
    exc = cls("x")
    assert http_status(exc) == status and exit_code(exc) == EXIT_UNUSABLE


def test_the_faces_own_errors_keep_their_statuses():
    from service import limits
    from service.api import errors as api_errors
    from service.api.deps import ClientGone
    from service.batch.jobs import BatchNotFound
    from validators.settings import SettingsError

    assert http_status(limits.exceeded("document-pages", 500, 501)) == 413
    assert http_status(limits.Overloaded("busy")) == 429
    assert http_status(api_errors.Overloaded("busy", 3)) == 429
    assert http_status(api_errors.TimedOut("slow", 3)) == 503
    assert http_status(api_errors.Unauthorized("key")) == 401
    assert http_status(BatchNotFound("no")) == 404
    assert http_status(ClientGone("gone")) == 499
    assert http_status(SettingsError("QUJAT_X")) == 503


def test_an_unknown_code_falls_back_to_its_class():
    class Odd(errors.UnsupportedType):
        code = "odd"

    assert http_status(Odd("x")) == 415 and exit_code(Odd("x")) == EXIT_UNUSABLE
    assert http_status(errors.TooLarge("x", code="pair-too-large")) == 413

"""The HTTP service's configuration is part of the one settings object, :class:`validators.settings.Settings`
(every ``QUJAT_*`` variable; see docs/http.md and the README's configuration table)."""

from __future__ import annotations

from validators.settings import MB, Settings, SettingsError

__all__ = ["MB", "Settings", "SettingsError"]

"""The MkDocs plugin: a thin adapter that runs the same load and checks as ``isms check``.

Errors stop the build with :class:`~mkdocs.exceptions.PluginError`; warnings are logged, so
``mkdocs build --strict`` fails exactly when ``isms check --strict`` does. All state is rebuilt in
``on_config``: nothing survives between ``mkdocs serve`` rebuilds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from isms.report import Result, check_repository

log = get_plugin_logger(__name__)


class IsmsConfig(base.Config):
    as_of = c.Optional(c.Type(str))
    """Judge dates as of this day (YYYY-MM-DD); today when unset."""
    registers_dir = c.Type(str, default="registers")
    """Folder of the YAML registers, relative to mkdocs.yml (it must be named registers/)."""


class IsmsPlugin(BasePlugin[IsmsConfig]):
    def __init__(self) -> None:
        self.result: Result | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.result = None
        root = Path(config.config_file_path).resolve().parent
        as_of = self._as_of()
        result = check_repository(root, as_of, str(Path(config.docs_dir).resolve()))
        for finding in result.warnings:
            log.warning(finding.text())
        if result.errors:
            lines = "\n".join(finding.text() for finding in result.errors)
            raise PluginError(f"the ISMS has {len(result.errors)} error(s):\n{lines}")
        self.result = result
        return config

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        root = Path(config.config_file_path).resolve().parent
        server.watch(str(root / self.config.registers_dir))
        return server

    def _as_of(self) -> dt.date:
        if self.config.as_of is None:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(self.config.as_of)
        except ValueError:
            raise PluginError(f"isms: as_of: {self.config.as_of!r} is not a date; write it as YYYY-MM-DD") from None

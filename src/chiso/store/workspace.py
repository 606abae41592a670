"""Where chiso keeps its data and configuration, and the settings and calendar that follow from them."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from chiso.domain.calendar import WorkCalendar
from chiso.domain.holiday_sources import build_calendar
from chiso.domain.settings import Settings


def default_home() -> Path:
    if os.environ.get("CHISO_HOME"):
        return Path(os.environ["CHISO_HOME"])
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "chiso"


@dataclass(frozen=True)
class Workspace:
    """The data folder (store, key), the config folder (settings, local calendar days) and the store path."""

    home: Path
    db: Path
    config: Path
    url: str | None = None  # a PostgreSQL store (postgresql://…); then ``db`` names its local work files

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> "Workspace":
        home = default_home()
        where = str(db or os.environ.get("CHISO_DB") or home / "chiso.duckdb")
        config = Path(os.environ.get("CHISO_CONFIG") or home / "config")
        if where.startswith(("postgresql://", "postgres://")):
            return cls(home, home / "postgres", config, where)
        return cls(home, Path(where), config)

    @property
    def label(self) -> str:
        """Where the store is, for messages (a PostgreSQL address without its password)."""
        if self.url:
            from chiso.store.postgres import redact

            return redact(self.url)
        return str(self.db)

    def has_store(self) -> bool:
        """Whether a store exists there (a PostgreSQL database is taken to exist: connecting tells)."""
        return bool(self.url) or self.db.exists()

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def local_calendar_file(self) -> Path:
        return self.config / "calendar.csv"

    def settings(self) -> Settings:
        return Settings.load(self.settings_file)

    def calendar(self, settings: Settings) -> WorkCalendar:
        local = [self.local_calendar_file] if self.local_calendar_file.exists() else []
        return build_calendar(settings.first_year, settings.last_year, local)

    def secret_key(self) -> bytes:
        """The pseudonymisation key: CHISO_SECRET_KEY, or a random key kept in the data folder (mode 600)."""
        if os.environ.get("CHISO_SECRET_KEY"):
            return os.environ["CHISO_SECRET_KEY"].encode("utf-8")
        path = self.home / "secret.key"
        if not path.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
        return path.read_text(encoding="utf-8").strip().encode("utf-8")

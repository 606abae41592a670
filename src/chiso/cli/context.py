"""Which store the command works on (--db, CHISO_DB or the data folder)."""

from dataclasses import dataclass

import typer

from chiso.store.store import Store
from chiso.store.workspace import Workspace


@dataclass
class State:
    db: str | None = None

    def workspace(self) -> Workspace:
        return Workspace.resolve(self.db)

    def open(self, read_only: bool = False) -> Store:
        return Store.open(self.workspace(), read_only=read_only)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj

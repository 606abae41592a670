"""Quick answers for modules that are not installed but that the DuckDB client looks for again and again.

DuckDB's Python client tries ``import pandas`` on many calls (registering a table, binding parameters) to see
whether a value is a DataFrame. chiso does not install pandas, so each try searches every folder of ``sys.path``
before failing: some 130 searches, about 20 ms, per pushed batch of 1,000 dossiers. A finder placed first answers
"not installed" at once for such a module, and only when it is truly absent at start (installing it later, in the
same process, is not seen). ``sys.modules[name] = None`` would be quicker still but breaks libraries that read
``sys.modules`` directly (pyarrow).
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

PROBED = ("pandas",)


class AbsentFinder(importlib.abc.MetaPathFinder):
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def answer_absent_quickly() -> None:
    """Install the finder once for the PROBED modules that are not installed."""
    if any(isinstance(f, AbsentFinder) for f in sys.meta_path):
        return
    absent = frozenset(n for n in PROBED if n not in sys.modules and importlib.util.find_spec(n) is None)
    if absent:
        sys.meta_path.insert(0, AbsentFinder(absent))

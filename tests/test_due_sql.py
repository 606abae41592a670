"""The store's vectorised due moments and statuses agree with the reference implementation."""

from datetime import datetime, timedelta

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.domain.due import Stop, compute_due
from chiso.domain.limits import LimitUnit, TimeLimit
from chiso.domain.status import DossierTimes, TerminalState, status_at
from chiso.engine.status import status_relation
from chiso.store.due_sql import due_select
from chiso.store.store import Store
from tests.conftest import calendar

PROCS = {"1.001193": TimeLimit(3, LimitUnit.WORKING_DAYS), "2.000884": TimeLimit(8, LimitUnit.WORKING_HOURS),
         "1.000001": TimeLimit(15, LimitUnit.DAYS), "1.000002": TimeLimit(1, LimitUnit.MONTHS),
         "1.000003": TimeLimit(24, LimitUnit.HOURS)}
CUTOFF = {"2.000884": datetime(2000, 1, 1, 15).time()}

moment = st.datetimes(min_value=datetime(2023, 12, 1), max_value=datetime(2026, 9, 1)).map(
    lambda d: d.replace(second=0, microsecond=0))
case = st.tuples(moment, st.sampled_from(sorted(PROCS)), st.lists(
    st.tuples(st.integers(0, 20 * 24 * 60), st.integers(0, 15 * 24 * 60)), max_size=2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(case, min_size=1, max_size=30))
def test_sql_due_matches_reference(catalogue_store: Store, cases: list[tuple[datetime, str, list[tuple[int, int]]]]
                                   ) -> None:
    con = catalogue_store.con
    numbers, codes, received, stop_rows = [], [], [], []
    expected = {}
    for i, (recv, code, spans) in enumerate(cases):
        number = f"D{i}"
        stops = [Stop(recv + timedelta(minutes=a), recv + timedelta(minutes=a + b)) for a, b in spans]
        numbers.append(number)
        codes.append(code)
        received.append(recv)
        stop_rows += [(number, s.start, s.end) for s in stops]
        expected[number] = compute_due(recv, PROCS[code], calendar(), catalogue_store.due_rules,
                                       CUTOFF.get(code), stops).due_at
    con.register("src", pa.table({"number": numbers, "procedure_code": codes, "received_at": received}))
    con.register("stops", pa.table({"number": [s[0] for s in stop_rows], "start_at": [s[1] for s in stop_rows],
                                    "end_at": [s[2] for s in stop_rows]},
                                   schema=pa.schema([("number", pa.string()), ("start_at", pa.timestamp("us")),
                                                     ("end_at", pa.timestamp("us"))])))
    got = dict(con.execute(due_select("src", "stops", catalogue_store.due_rules)).fetchall())
    con.unregister("src")
    con.unregister("stops")
    assert got == expected


def test_status_sql_matches_reference(catalogue_store: Store) -> None:
    con = catalogue_store.con
    due = datetime(2025, 3, 5, 23, 59, 59)
    Sup = list[tuple[datetime, datetime | None]]
    # number, finished, state, state_at, supplements
    rows: list[tuple[str, datetime | None, str | None, datetime | None, Sup]] = [
        ("A", datetime(2025, 3, 4, 10), None, None, []),  # early
        ("B", datetime(2025, 3, 5, 16), None, None, []),  # on time
        ("C", datetime(2025, 3, 6, 8), None, None, []),  # late
        ("D", None, None, None, []),  # open
        ("E", datetime(2025, 3, 4, 10), None, None, [(datetime(2025, 3, 3, 10), datetime(2025, 3, 3, 12)),
                                                    (datetime(2025, 3, 3, 13), datetime(2025, 3, 3, 15))]),
        ("F", None, "withdrawn", datetime(2025, 3, 7, 9), []),  # withdrawn after due
        ("G", None, None, None, [(datetime(2025, 3, 5, 9), None)]),  # waiting for the citizen
    ]
    for number, finished, state, state_at, sups in rows:
        con.execute(
            "INSERT INTO dossiers (number, procedure_code, receiving_unit, processing_unit, received_at, "
            "due_at_computed, finished_at, state, state_at, channel, supplement_count, last_event_at, row_hash) "
            "VALUES (?, '1.001193', '52', '52', TIMESTAMP '2025-03-03 09:00:00', ?, ?, ?, ?, 'direct', ?, "
            "TIMESTAMP '2025-03-03 09:00:00', 0)", [number, due, finished, state, state_at, len(sups)])
        for start, end in sups:
            con.execute("INSERT INTO dossier_stops VALUES (?, 'supplement', ?, ?)", [number, start, end])
    for at in (datetime(2025, 3, 4, 12), datetime(2025, 3, 5, 23), datetime(2025, 3, 10, 9)):
        got = dict(con.execute(f"SELECT number, status FROM ({status_relation(catalogue_store.settings, at)})"
                               ).fetchall())
        for number, finished, state, state_at, sups in rows:
            times = DossierTimes(datetime(2025, 3, 3, 9), due, finished, None,
                                 TerminalState(state) if state else None, state_at, tuple(sups))
            expected = status_at(times, at)
            assert got[number] == (expected.value if expected else None), (number, at)
    assert got["E"] == "late" and got["C"] == "late" and got["A"] == "early" and got["G"] == "open_within"

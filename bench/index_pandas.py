"""Reference 2 for the index bench: the same 766 counts as a vectorised pandas implementation (no row loops).

Loops run over the 12 periods only; every per-dossier step is a column operation.
"""

from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

TERMINAL = ("refused", "stopped", "withdrawn")
FLAGS = ["synced_to_portal", "electronic_result", "digitized_input", "reused_data", "personal_store_used",
         "citizen_data_used", "fee", "paid_online"]


def load(con: duckdb.DuckDBPyConnection, lo: datetime, hi: datetime) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                             pd.DataFrame, pd.DataFrame]:
    d = con.execute(
        f"SELECT number, processing_unit AS unit, procedure_code, received_at, finished_at, returned_at, state, "
        f"state_at, due_at_computed AS due, channel, rating, {', '.join(FLAGS)} FROM dossiers "
        "WHERE received_at < ?", [hi]).df()
    stops = con.execute("SELECT number, start_at, end_at FROM dossier_stops WHERE kind = 'supplement'").df()
    procs = con.execute("SELECT code AS procedure_code, fee AS pfee, online_level FROM procedures").df()
    tree = con.execute("SELECT unit, ancestor FROM chiso_unit_tree").df()
    stopped = d["state_at"].where(d["state"].isin(TERMINAL))
    d["e"] = d["finished_at"].fillna(d["returned_at"]).fillna(stopped)
    d = d[d["e"].isna() | (d["e"] >= lo)].merge(procs, on="procedure_code", how="left")
    d["pon"] = d["online_level"].isin(["partial", "full"])
    for col in [*FLAGS, "pfee"]:
        d[col] = d[col].fillna(False).astype(bool)
    return d, stops, procs, tree


def compute(d: pd.DataFrame, stops: pd.DataFrame, tree: pd.DataFrame,
            periods: list[tuple[int, datetime, datetime, datetime]]) -> pd.DataFrame:
    parts = []
    far = pd.Timestamp("2262-01-01")
    open_until = d["e"].fillna(far)
    for pid, start, end, at in periods:
        x = d[(d["received_at"] < end) & (open_until >= start)].copy()
        s = stops[stops["start_at"] <= at]
        requests = s.groupby("number").size()
        waiting = (s["end_at"].isna() | (s["end_at"] > at)).groupby(s["number"]).any()
        req = x["number"].map(requests).fillna(0).to_numpy()
        wait = x["number"].map(waiting).fillna(False).astype(bool).to_numpy()
        e, due = x["e"], x["due"]
        done = (e.notna() & (e <= at)).to_numpy()
        late = done & ((req > 1) | (e > due).to_numpy())
        early = done & ~late & (e.dt.normalize() < due.dt.normalize()).to_numpy()
        status = np.select(
            [due.isna().to_numpy(), late, early, done, req > 1, wait | (at <= due).to_numpy()],
            ["none", "late", "early", "on_time", "open_overdue", "open_within"], "open_overdue")
        rec = (x["received_at"] >= start).to_numpy()
        good = np.isin(status, ["early", "on_time", "open_within"])
        cols = {
            "sync_den": rec, "sync_num": rec & x["synced_to_portal"].to_numpy(), "den": np.ones(len(x), bool),
            "on_time": good, "online": rec & (x["channel"] == "online").to_numpy(),
            "pay_den": rec & x["fee"].to_numpy(), "pay_num": rec & x["fee"].to_numpy() & x["paid_online"].to_numpy(),
            "result": x["electronic_result"].to_numpy(),
            "digitised": x["digitized_input"].to_numpy() & x["electronic_result"].to_numpy(),
            "reused": x["reused_data"].to_numpy(), "personal": x["personal_store_used"].to_numpy(),
            "citizen": x["citizen_data_used"].to_numpy(),
            "overdue": np.isin(status, ["late", "open_overdue"]),
            "complaint": x["rating"].isin(["disliked", "complaint"]).to_numpy(),
            "p_any": rec, "p_online": rec & x["pon"].to_numpy(), "p_fee": rec & x["pfee"].to_numpy(),
            "p_paid": rec & x["pfee"].to_numpy() & x["paid_online"].to_numpy(),
        }
        frame = pd.DataFrame(cols)
        frame["unit"] = x["unit"].to_numpy()
        frame["procedure_code"] = x["procedure_code"].to_numpy()
        leaf = frame.groupby(["unit", "procedure_code"], sort=False).agg(
            {**{k: "sum" for k in cols if not k.startswith("p_")}, **{k: "any" for k in cols if k.startswith("p_")}})
        up = leaf.reset_index().merge(tree, on="unit").drop(columns="unit")
        per_proc = up.groupby(["ancestor", "procedure_code"], sort=False).agg(
            {**{k: "sum" for k in cols if not k.startswith("p_")}, **{k: "any" for k in cols if k.startswith("p_")}})
        out = per_proc.groupby(level="ancestor").agg(
            {**{k: "sum" for k in cols if not k.startswith("p_")}, **{k: "sum" for k in cols if k.startswith("p_")}})
        out["satisfaction"] = out["den"] - out["overdue"] - out["complaint"]
        out["pid"] = pid
        parts.append(out)
    return pd.concat(parts)

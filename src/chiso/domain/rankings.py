"""A province among provinces: the national tables published of all provinces (the 766 totals, PAR Index, SIPAS,
DTI, the ICT index), read as ranks, rank changes ("tăng 1 bậc"), ranks within a socio-economic region ("thứ 2/5
khu vực Tây Nguyên, sau Lâm Đồng") and the gap to the province above.

Before 1 July 2025 the tables rank 63 provinces, since then 34 (Nghị quyết 202/2025/QH15); a table's set follows
its period. Regions are those of the national master plan (Nghị quyết 81/2023/QH15), a data file the province
may correct (``<config>/regions.csv``). A province formed from provinces of two regions is ranked in each.
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from chiso.domain.formatting import vn_number
from chiso.domain.text import ascii_key

MERGED_ON = date(2025, 7, 1)
INDEX_VI = {"766": "Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công",
            "PAR_INDEX": "Chỉ số cải cách hành chính (PAR INDEX)",
            "SIPAS": "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
                     "(SIPAS)",
            "DTI": "Chỉ số chuyển đổi số cấp tỉnh (DTI)",
            "ICT": "Chỉ số sẵn sàng cho phát triển và ứng dụng công nghệ thông tin (ICT Index)",
            "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
            "PAPI": "Chỉ số hiệu quả quản trị và hành chính công (PAPI)"}
_ALIASES = {"par index": "PAR_INDEX", "par_index": "PAR_INDEX", "chi so cai cach hanh chinh": "PAR_INDEX",
            "cchc": "PAR_INDEX", "sipas": "SIPAS", "chi so hai long": "SIPAS", "dti": "DTI",
            "chi so chuyen doi so": "DTI", "ict": "ICT", "ict index": "ICT", "766": "766",
            "bo chi so 766": "766", "chi so 766": "766", "pci": "PCI", "papi": "PAPI"}
_PREFIX = re.compile(r"^(?:ubnd |uy ban nhan dan )?(?:tinh |thanh pho |tp\.? ?)")


def index_code(text: str) -> str:
    """An index named as tables name it ("PAR INDEX", "Chỉ số CCHC", "DTI") as its code; other names as they are
    written, upper case with underscores."""
    key = ascii_key(text)
    return _ALIASES.get(key, re.sub(r"[^A-Z0-9]+", "_", key.upper()).strip("_"))


def province_key(name: str) -> str:
    """A province as tables write it ("Tỉnh Gia Lai", "TP. Hồ Chí Minh", "Thừa Thiên - Huế"), for comparing."""
    key = _PREFIX.sub("", ascii_key(name))
    return re.sub(r"[^a-z0-9]+", " ", key).strip()


def set_of(period_end: date) -> int:
    """How many provinces a table of a period ranks: 63 before 1/7/2025, then 34."""
    return 63 if period_end < MERGED_ON else 34


@dataclass(frozen=True)
class Regions:
    """(set, province key) -> regions, and the names as written."""

    rows: tuple[tuple[int, str, str, str], ...]  # set, province, region, formed from

    @classmethod
    def load(cls, config: Path | None = None) -> "Regions":
        shipped = resources.files("chiso.domain").joinpath("data", "regions.csv").read_text(encoding="utf-8")
        rows = _read(shipped)
        local = config / "regions.csv" if config else None
        if local is not None and local.is_file():
            own = _read(local.read_text(encoding="utf-8-sig"))
            sets = {r[0] for r in own}
            rows = [r for r in rows if r[0] not in sets] + own
        return cls(tuple(rows))

    def of(self, count: int, key: str) -> list[str]:
        return [r[2] for r in self.rows if r[0] == count and province_key(r[1]) == key]

    def members(self, count: int, region: str) -> set[str]:
        return {province_key(r[1]) for r in self.rows if r[0] == count and r[2] == region}

    def known(self) -> dict[str, str]:
        """Every province key of either set -> the name as the file writes it."""
        return {province_key(r[1]): r[1] for r in self.rows}


def _read(text: str) -> list[tuple[int, str, str, str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        out.append((int(row["set"]), row["province"].strip(), row["region"].strip(), (row.get("formed_from") or "")))
    return out


@dataclass(frozen=True)
class Entry:
    """One province's row of a national table."""

    province: str
    key: str
    score: float | None
    rank: int | None


def ranked(entries: Sequence[Entry]) -> list[tuple[Entry, int]]:
    """Each row with its rank: as published, else by score (higher first; equal scores share a rank, 1, 2, 2, 4)."""
    if all(e.rank is not None for e in entries):
        return sorted(((e, e.rank) for e in entries), key=lambda p: (p[1] or 0, p[0].key))  # type: ignore[misc]
    scored = sorted((e for e in entries if e.score is not None), key=lambda e: (-(e.score or 0.0), e.key))
    out: list[tuple[Entry, int]] = []
    for i, e in enumerate(scored):
        rank = out[-1][1] if out and out[-1][0].score == e.score else i + 1
        out.append((e, rank))
    return out


@dataclass(frozen=True)
class RegionStanding:
    region: str
    rank: int
    of: int
    above: list[str]  # the provinces of the region ranked before it (best first)


@dataclass(frozen=True)
class Standing:
    """The province in one table: rank of how many, score, change, regions, the province just above."""

    index: str
    period_label: str
    score: float | None
    rank: int
    of: int
    previous_label: str | None = None
    previous_rank: int | None = None
    regions: tuple[RegionStanding, ...] = ()
    above: str | None = None  # the province ranked just before it
    gap: float | None = None  # its score minus this province's

    @property
    def change(self) -> int | None:
        """Places gained since the previous table (positive: up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


def standing(index: str, label: str, entries: Sequence[Entry], own: str, count: int, regions: Regions,
             previous: tuple[str, Sequence[Entry]] | None = None) -> Standing | None:
    """Where the province ``own`` (a province key) stands in a table; None if the table does not list it."""
    rows = ranked(entries)
    mine = next(((e, r) for e, r in rows if e.key == own), None)
    if mine is None:
        return None
    entry, rank = mine
    before = [(e, r) for e, r in rows if r < rank]
    above = before[-1][0] if before else None
    gap = None if above is None or above.score is None or entry.score is None else above.score - entry.score
    prior_rank = prior_label = None
    if previous is not None:
        found = next((r for e, r in ranked(previous[1]) if e.key == own), None)
        prior_rank, prior_label = found, previous[0] if found is not None else None
    names = regions.known()
    out_regions = []
    for region in regions.of(count, own):
        members = regions.members(count, region)
        inside = [(e, r) for e, r in rows if e.key in members]
        position = 1 + sum(1 for _, r in inside if r < rank)
        out_regions.append(RegionStanding(region, position, len(inside),
                                          [names.get(e.key, e.province) for e, r in inside if r < rank]))
    return Standing(index, label, entry.score, rank, len(rows), prior_label, prior_rank, tuple(out_regions),
                    None if above is None else names.get(above.key, above.province), gap)


def change_vi(change: int | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "giữ nguyên thứ hạng"
    return f"{'tăng' if change > 0 else 'giảm'} {abs(change)} bậc"


def sentence_vi(s: Standing, name: str, period_vi: str, previous_vi: str | None, whose: str = "") -> str:
    """"Chỉ số … năm 2023 đạt 85,12 điểm, xếp thứ 23/63 tỉnh, thành phố (tăng 1 bậc so với năm 2022); thứ 2/5
    khu vực Tây Nguyên, sau Lâm Đồng"."""
    text = f"{name} {period_vi}" + (f" {whose}" if whose else "")
    if s.score is not None:
        text += f" đạt {vn_number(s.score, 3 if abs(s.score) < 1 else 2)} điểm,"
    text += f" xếp thứ {s.rank}/{s.of} tỉnh, thành phố"
    change = change_vi(s.change)
    if change and previous_vi:
        text += f" ({change} so với {previous_vi})"
    for region in s.regions:
        text += f"; thứ {region.rank}/{region.of} khu vực {region.region}"
        if region.above and region.rank <= 3:
            text += ", sau " + (" và ".join(region.above) if len(region.above) <= 2 else
                                ", ".join(region.above[:-1]) + " và " + region.above[-1])
    return text

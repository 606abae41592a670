"""Roles of web accounts and what each may do. Unit officers see only their unit and its descendants."""

from dataclasses import dataclass
from enum import StrEnum

from chiso.domain.errors import InvalidValue


class Role(StrEnum):
    ADMIN = "admin"                # everything, accounts and settings included
    STEERING = "steering"          # reads everything (Ban Chỉ đạo)
    UNIT_OFFICER = "unit_officer"  # reads and enters data for one unit and its descendants
    VIEWER = "viewer"              # reads the province's pages, enters nothing


ROLE_VI = {Role.ADMIN: "Quản trị", Role.STEERING: "Ban Chỉ đạo (xem tất cả)",
           Role.UNIT_OFFICER: "Cán bộ đơn vị", Role.VIEWER: "Người xem"}


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidValue("role", text, " | ".join(r.value for r in Role)) from None


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    unit: str | None  # a unit officer's unit
    full_name: str = ""

    def __post_init__(self) -> None:
        if self.role is Role.UNIT_OFFICER and not self.unit:
            raise InvalidValue(f"account {self.username}: unit", self.unit, "a unit code for a unit officer")

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.ADMIN, Role.STEERING, Role.VIEWER)

    def may_read(self, lineage: list[str]) -> bool:
        """``lineage`` is a unit followed by its ancestors; an officer reads their unit and what is below it."""
        return self.sees_everything or (self.unit is not None and self.unit in lineage)

    def may_enter(self, lineage: list[str]) -> bool:
        if self.role is Role.ADMIN:
            return True
        return self.role is Role.UNIT_OFFICER and self.unit is not None and self.unit in lineage

    @property
    def may_import(self) -> bool:
        return self.role in (Role.ADMIN, Role.UNIT_OFFICER)

    @property
    def may_review(self) -> bool:
        """Accept or return the progress reports units give on their tasks: the steering side."""
        return self.role in (Role.ADMIN, Role.STEERING)

    @property
    def may_administer(self) -> bool:
        return self.role is Role.ADMIN

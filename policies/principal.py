"""The principal: who is asking. Built once per request by the web layer, read everywhere else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    username: str
    user_id: int | None = None
    roles: tuple[str, ...] = ()
    province_code: str | None = None
    ministry_code: str | None = None
    unit_id: int | None = None
    rank: str | None = None
    token_name: str | None = None  # set when the request came with an API token

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(username="anonymous")

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

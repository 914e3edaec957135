"""The gazetteer: provinces, districts and communes with their official codes."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Province(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    type_en: str = Field(max_length=16)  # "Province" or "Capital"
    type_km: str = Field(max_length=32)
    name_km: str = Field(max_length=64)
    name_latin: str = Field(max_length=64, unique=True)
    seat_latin: str = Field(max_length=64)
    seat_lat: float
    seat_lon: float


class District(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=4)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    type_en: str = Field(max_length=16)
    type_km: str = Field(max_length=32)
    name_km: str = Field(max_length=64)
    name_latin: str = Field(max_length=64)


class Commune(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=6)
    district_code: str = Field(foreign_key="district.code", index=True, max_length=4)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    type_en: str = Field(max_length=16)
    type_km: str = Field(max_length=32)
    name_km: str = Field(max_length=64)
    name_latin: str = Field(max_length=64)

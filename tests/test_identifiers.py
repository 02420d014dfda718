"""Identifiers: RPPS, SIRET, SIREN, RPPS-rang, FINESS, postal codes."""

from __future__ import annotations

import pytest

from wizard.model.identifiers import (
    departement_of,
    is_finess,
    is_rpps,
    is_rpps_rang,
    is_siren,
    is_siret,
    normalise_identifier,
    region_of,
)


@pytest.mark.parametrize("value", ["10005173140", "10000000009", "12345678903", "19999999998"])
def test_valid_rpps(value: str) -> None:
    assert is_rpps(value)


@pytest.mark.parametrize(
    "value",
    [
        "10101201234",  # ANS FHIR example: fictitious, fails Luhn
        "10005173141",  # one digit off
        "1000517314",  # 10 digits
        "100051731400",  # 12 digits
        "1000517314a",
        "１０００５１７３１４０",  # full-width digits
        "",
        " 10005173140",
    ],
)
def test_invalid_rpps(value: str) -> None:
    assert not is_rpps(value)


def test_siren() -> None:
    assert is_siren("404833048")
    assert not is_siren("404833049")
    assert not is_siren("40483304")
    assert not is_siren("４04833048")


@pytest.mark.parametrize("value", ["73282932000074", "35600000000048"])
def test_valid_siret(value: str) -> None:
    assert is_siret(value)


def test_la_poste_siret_follows_its_own_rule() -> None:
    # La Poste's establishments fail Luhn but their digit sum is a multiple of 5.
    from stdnum import luhn

    assert not luhn.is_valid("35600000010000")
    assert is_siret("35600000010000")  # digit sum 15
    assert not is_siret("35600000010001")  # digit sum 16, not Luhn either
    assert not is_siret("73282932010000")  # the exception is La Poste's alone


@pytest.mark.parametrize("value", ["73282932000075", "7328293200007", "732829320000745", "7328293200007a"])
def test_invalid_siret(value: str) -> None:
    assert not is_siret(value)


def test_rpps_rang() -> None:
    assert is_rpps_rang("1000517314001")  # 13 digits: RPPS + 2-digit rank
    assert is_rpps_rang("10005173140001")  # 14 digits: RPPS + 3-digit rank
    assert not is_rpps_rang("101012012340")  # 12 digits
    assert not is_rpps_rang("1010120123401")  # invalid RPPS inside
    assert not is_rpps_rang("100051731400012")  # 15 digits


def test_finess() -> None:
    assert is_finess("010003820")
    assert not is_finess("010003821")  # Luhn
    assert is_finess("2A0000001")  # Corsica: no known check rule
    assert is_finess("2B0000001")
    assert not is_finess("2C0000001")
    assert not is_finess("01000382")
    assert not is_finess("0100038200")


def test_normalise_identifier() -> None:
    assert normalise_identifier("732 829 320 00074") == "73282932000074"
    assert normalise_identifier("404.833.048") == "404833048"


@pytest.mark.parametrize(
    ("postal", "dep", "region"),
    [
        ("93260", "93", "11"),
        ("44000", "44", "52"),
        ("20000", "2A", "94"),
        ("20167", "2A", "94"),
        ("20200", "2B", "94"),
        ("20600", "2B", "94"),
        ("97400", "974", "04"),
        ("97600", "976", "06"),
        ("97133", "971", "01"),
        ("01000", "01", "84"),
    ],
)
def test_departement_and_region(postal: str, dep: str, region: str) -> None:
    assert departement_of(postal) == dep
    assert region_of(dep) == region


@pytest.mark.parametrize("postal", ["00100", "96000", "97500", "98000", "20900", "9326", "932600", "9326O"])
def test_unknown_postal_codes(postal: str) -> None:
    assert departement_of(postal) is None

"""Small public lists written as the Annuaire Santé publishes them, for the tests of issue 13.

`write_rpps` writes a ``PS_LibreAcces_Personne_activite`` file (52 columns, a trailing
``|``, one line per activity; reference/domain.md §8b) and `write_addresses` an
``Extraction_Correspondance_MSSante`` file (31 columns; §8), both holding the people
of examples/cas2 (Cabinet des Lilas) as the directory lists them, and a few others.
The large generated files are bench/gen_rpps.py's and bench/gen_extraction.py's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bench.gen_extraction import HEADER as ADDRESS_HEADER
from bench.gen_extraction import line as address_line
from bench.gen_rpps import HEADER as RPPS_HEADER

COLUMNS = RPPS_HEADER.rstrip("|").split("|")
assert len(COLUMNS) == 52

FONTAINE, ROUX, MOREAU, PETIT = "10000456789", "10000567890", "10000678903", "10000789015"
ADELI = "931234567"
SITE_SIRET = "40483304800022"
RPPS_FILE = "PS_LibreAcces_Personne_activite_202612010930.txt"
ADDRESS_FILE = "Extraction_Correspondance_MSSante_202611300800.txt"


def rpps_line(kind: str, identifier: str, last: str, first: str, profession: tuple[str, str], *, civility: tuple[str, str] = ("", ""),
              title: tuple[str, str] = ("M", "Monsieur"), mode: tuple[str, str] = ("", ""), siret: str = "", finess: str = "",
              site: str = "", street: tuple[str, str, str] = ("", "", ""), postal: str = "", commune: str = "",
              cedex: str = "") -> str:
    """One line of the RPPS file (an activity, or none when `site` and `siret` are empty)."""
    values = dict.fromkeys(COLUMNS, "")
    values.update({
        "Type d'identifiant PP": kind, "Identifiant PP": identifier, "Identification nationale PP": kind + identifier,
        "Code civilité d'exercice": civility[0], "Libellé civilité d'exercice": civility[1],
        "Code civilité": title[0], "Libellé civilité": title[1], "Nom d'exercice": last, "Prénom d'exercice": first,
        "Code profession": profession[0], "Libellé profession": profession[1],
        "Code mode exercice": mode[0], "Libellé mode exercice": mode[1], "Numéro SIRET site": siret,
        "Numéro SIREN site": siret[:9], "Numéro FINESS site": finess, "Raison sociale site": site,
        "Numéro Voie (coord. structure)": street[0], "Libellé type de voie (coord. structure)": street[1],
        "Libellé Voie (coord. structure)": street[2], "Bureau cedex (coord. structure)": cedex,
        "Code postal (coord. structure)": postal, "Libellé commune (coord. structure)": commune,
        "Téléphone (coord. structure)": "0102030405" if site else "",
    })
    return "|".join(values[c] for c in COLUMNS) + "|"


MEDECIN = ("10", "Médecin")
INFIRMIER = ("60", "Infirmier")


def rpps_lines() -> list[str]:
    """The people of cas2 as listed, a professional with two places of work, an ADELI-only nurse, one with no activity."""
    lilas = {"mode": ("L", "Libéral"), "siret": SITE_SIRET, "site": "CABINET MEDICAL DES LILAS",
             "street": ("3", "Rue", "DE PARIS"), "postal": "93260", "commune": "LES LILAS"}
    return [
        rpps_line("8", FONTAINE, "FONTAINE", "DAVID", MEDECIN, civility=("DR", "Docteur"), **lilas),  # type: ignore[arg-type]
        rpps_line("8", ROUX, "ROUX", "ÉLISE", MEDECIN, civility=("DR", "Docteur"), title=("MME", "Madame"), **lilas),  # type: ignore[arg-type]
        rpps_line("8", MOREAU, "MOREAU", "ANNE-SOPHIE", INFIRMIER, title=("MME", "Madame"), mode=("S", "Salarié"),
                  finess="440000289", site="CHU DE NANTES", street=("5", "Allée", "DE L'ILE GLORIETTE"), postal="44093",
                  commune="NANTES", cedex="44093 NANTES CEDEX 1"),
        "8|1000|broken line|",  # malformed: skipped and counted
        rpps_line("0", ADELI, "LE-GOFF", "MARIE", INFIRMIER, title=("MME", "Madame"), mode=("L", "Libéral"),
                  site="CABINET INFIRMIER LE GOFF", postal="44000", commune="NANTES"),
        rpps_line("8", ROUX, "ROUX", "ÉLISE", MEDECIN, civility=("DR", "Docteur"), title=("MME", "Madame"),
                  mode=("S", "Salarié"), finess="930000001", site="HOPITAL DES LILAS", postal="93260", commune="LES LILAS"),
        rpps_line("8", PETIT, "PETIT", "LOUIS", ("70", "Masseur-Kinésithérapeute")),  # no activity
    ]


def write_rpps(folder: Path, lines: list[str] | None = None, name: str = RPPS_FILE) -> Path:
    path = folder / name
    path.write_text(RPPS_HEADER + "\n" + "\n".join(lines if lines is not None else rpps_lines()) + "\n", encoding="utf-8")
    return path


def address_lines() -> list[str]:
    """ORG mailboxes under two domains, Dr Fontaine's two personal mailboxes (their PER lines carry his RPPS)."""
    def per(address: str, rpps: str, last: str, first: str) -> str:
        fields = address_line("PER", address, "", "93260", "Les Lilas").split("|")
        fields[2], fields[3], fields[4], fields[9], fields[10] = "8", rpps, "8" + rpps, last, first
        return "|".join(fields)

    return [
        address_line("ORG", "cabinet-des-lilas.93260@medecin.mssante.fr", "Cabinet médical des Lilas", "93260", "Les Lilas"),
        address_line("ORG", "accueil.cabinet@medecin.mssante.fr", "Cabinet Accueil", "75011", "Paris"),
        address_line("ORG", "secretariat@ch-nantes.mssante.fr", "CHU de Nantes", "44093", "Nantes"),
        per("david.fontaine@medecin.mssante.fr", FONTAINE, "FONTAINE", "DAVID"),
        per("d.fontaine@pro.mssante.fr", FONTAINE, "FONTAINE", "DAVID"),
        per("anne-sophie.moreau@ch-nantes.mssante.fr", MOREAU, "MOREAU", "ANNE-SOPHIE"),
    ]


def write_addresses(folder: Path, lines: list[str] | None = None, name: str = ADDRESS_FILE) -> Path:
    path = folder / name
    path.write_text(ADDRESS_HEADER + "\n" + "\n".join(lines if lines is not None else address_lines()) + "\n", encoding="utf-8")
    return path


def zipped(source: Path, archive: Path, *, others: tuple[str, ...] = ()) -> Path:
    """`source` inside a ZIP as the Annuaire Santé publishes it (with the other files of the archive)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for other in others:
            out.writestr(other, "Type d'identifiant PP|Identifiant PP|Autre|\n")
        out.write(source, source.name)
    return archive

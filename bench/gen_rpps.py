"""Synthetic "PS_LibreAcces_Personne_activite" files (the public RPPS directory), for tests and benchmarks.

Same shape as the Annuaire Santé's file (reference/domain.md §8b): UTF-8,
``|``-separated, the real header line, 52 columns and a trailing ``|``, one line
per activity. Persons with one to three activities (their lines one after
another, but for a share whose last activity comes a little later in the file),
persons with no activity (one line, every site column empty), ADELI-only persons,
and malformed lines (wrong number of columns, an RPPS whose check digit is wrong).
Lines weigh about 300 bytes, like the real file's (2.5 million lines: about 0.75 GB).
The same seed gives the same file, byte for byte.

Run: ``python -m bench.gen_rpps OUT --lines 2500000 [--seed 1]``; it prints the counts an import must find (JSON).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.gen_extraction import COMMUNES, FIRST, LAST, PLACES

HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|Libellé civilité d'exercice|"
    "Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|"
    "Code catégorie professionnelle|Libellé catégorie professionnelle|Code type savoir-faire|Libellé type savoir-faire|"
    "Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|"
    "Numéro FINESS site|Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|"
    "Enseigne commerciale site|Complément destinataire (coord. structure)|Complément point géographique (coord. structure)|"
    "Numéro Voie (coord. structure)|Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
    "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|Mention distribution (coord. structure)|"
    "Bureau cedex (coord. structure)|Code postal (coord. structure)|Code commune (coord. structure)|"
    "Libellé commune (coord. structure)|Code pays (coord. structure)|Libellé pays (coord. structure)|"
    "Téléphone (coord. structure)|Téléphone 2 (coord. structure)|Télécopie (coord. structure)|"
    "Adresse e-mail (coord. structure)|Code Département (structure)|Libellé Département (structure)|"
    "Ancien identifiant de la structure|Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
    "Code section tableau pharmaciens|Libellé section tableau pharmaciens|"
)
COLUMNS = 52

PROFESSIONS = (
    (("10", "Médecin"), 0.40, ("SM54", "Qualifié en Médecine Générale")),
    (("60", "Infirmier"), 0.25, ("", "")),
    (("70", "Masseur-Kinésithérapeute"), 0.10, ("", "")),
    (("21", "Pharmacien"), 0.10, ("", "")),
    (("40", "Chirurgien-Dentiste"), 0.07, ("SCD01", "Orthopédie dento-faciale")),
    (("50", "Sage-Femme"), 0.04, ("", "")),
    (("26", "Audioprothésiste"), 0.02, ("", "")),
    (("80", "Pédicure-Podologue"), 0.02, ("", "")),
)
_PROFESSION_WEIGHTS = [w for _, w, _ in PROFESSIONS]
WAYS = (("R", "Rue"), ("AV", "Avenue"), ("BD", "Boulevard"), ("PL", "Place"), ("CHE", "Chemin"), ("ALL", "Allée"), ("IMP", "Impasse"))
MODES = (("L", "Libéral"), ("S", "Salarié"), ("B", "Bénévole"))
SECTORS = (("SA07", "Cabinet individuel"), ("SA08", "Cabinet de groupe"), ("SA01", "Établissement public de santé"),
           ("SA05", "Centre de santé"), ("SA33", "Officine"))


def luhn_digit(base: str) -> str:
    """The check digit that makes `base` + it pass Luhn."""
    total = 0
    for position, char in enumerate(reversed(base)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


@dataclass
class Counts:
    """What an import of the generated file must find."""

    rows: int = 0
    persons: int = 0
    rpps: int = 0
    adeli: int = 0
    activities: int = 0
    """Valid lines (a person with no activity is one valid line too)."""
    skipped: int = 0
    scattered: int = 0
    """Persons whose last activity is not next to the others."""
    sample: list[str] = field(default_factory=list)
    """RPPS numbers in the file (lookups)."""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class _Generator:
    def __init__(self, seed: int, sample_size: int = 1000) -> None:
        self.rng = random.Random(seed)
        self.sample_size = sample_size
        self.counts = Counts()
        self.persons = 0
        self.stride = self.rng.randrange(1, 10**9, 2) | 1
        while self.stride % 5 == 0:
            self.stride += 2
        self.offset = self.rng.randrange(10**9)
        self.upper_last = [name.upper() for name in LAST]
        self.upper_first = [name.upper() for name in FIRST]
        self.communes = [(name.upper(), postal) for name, postal in COMMUNES]

    def rpps(self) -> str:
        """A new valid RPPS (11 digits, Luhn), never the same twice (a bijection of the person's number)."""
        base = "1" + f"{(self.persons * self.stride + self.offset) % 10**9:09d}"
        return base + luhn_digit(base)

    def adeli(self) -> str:
        """A new ADELI number (9 digits: a département, then the person's number: never the same twice)."""
        return f"{self.rng.randrange(1, 96):02d}{self.persons % 10**7:07d}"

    def person(self, kind: str, identifier: str) -> str:
        rng = self.rng
        (code, label), _, skill = rng.choices(PROFESSIONS, _PROFESSION_WEIGHTS)[0]
        woman = rng.random() < 0.55
        doctor = code in ("10", "40") and rng.random() < 0.9
        return "|".join((
            kind, identifier, kind + identifier, "DR" if doctor else "", "Docteur" if doctor else "",
            "MME" if woman else "M", "Madame" if woman else "Monsieur", rng.choice(self.upper_last), rng.choice(self.upper_first),
            code, label, "C", "Civil", "S" if skill[0] else "", "Spécialité ordinale" if skill[0] else "", skill[0], skill[1],
        ))

    def activity(self) -> str:
        rng = self.rng
        commune, postal = rng.choice(self.communes)
        mode = rng.choices(MODES, (0.6, 0.38, 0.02))[0]
        way = rng.choice(WAYS)
        siren = f"{rng.randrange(10**8, 10**9)}"
        siret = siren + f"{rng.randrange(10**5):05d}"
        hospital = mode[0] == "S" and rng.random() < 0.5
        finess = f"{postal[:2]}{rng.randrange(10**7):07d}" if hospital else ""
        place = rng.choice(PLACES).upper()
        name = ("CENTRE HOSPITALIER " if hospital else "CABINET ") + place
        cedex = f"{postal} {commune} CEDEX" if rng.random() < 0.1 else ""
        sector = SECTORS[2] if hospital else rng.choice(SECTORS)
        phone = f"0{rng.randrange(1, 6)}{rng.randrange(10**8):08d}"
        return "|".join((
            mode[0], mode[1], siret, siren, finess, finess and f"{postal[:2]}{rng.randrange(10**7):07d}", f"R{rng.randrange(10**13):013d}",
            name, "" if rng.random() < 0.8 else "MAISON DE SANTE " + place, "" if rng.random() < 0.9 else "BATIMENT B",
            "" if rng.random() < 0.9 else "ZONE ARTISANALE", str(rng.randrange(1, 200)), "" if rng.random() < 0.95 else "B",
            way[0], way[1], place, "" if rng.random() < 0.95 else "BP 12", cedex, postal, f"{postal[:2]}{rng.randrange(1, 400):03d}",
            commune, "99000", "France", phone, "" if rng.random() < 0.7 else phone[:-1] + "9", "", "",
            postal[:2], "Département " + postal[:2], "", "ARS/ARS/ARS", sector[0], sector[1], "", "",
        ))

    def lines(self, wanted: int) -> Iterator[str]:
        rng, counts = self.rng, self.counts
        later: list[tuple[int, str]] = []  # (person number to put it after, line)
        empty_activity = "|".join([""] * (COLUMNS - 17))
        written = 0
        while written < wanted:
            self.persons += 1
            draw = rng.random()
            if draw < 0.003:  # a malformed line of nobody
                if rng.random() < 0.5:
                    base = "1" + f"{rng.randrange(10**9):09d}"
                    bad = str((int(luhn_digit(base)) + rng.randrange(1, 10)) % 10)
                    yield self.person("8", base + bad) + "|" + self.activity() + "|"
                else:
                    fields = (self.person("8", self.rpps()) + "|" + self.activity()).split("|")
                    cut = rng.choice((rng.randrange(3, COLUMNS - 1), COLUMNS + rng.randrange(1, 4)))
                    yield "|".join((fields + ["X"] * 4)[:cut]) + "|"
                counts.rows += 1
                counts.skipped += 1
                written += 1
                continue
            adeli = draw < 0.08
            identifier = self.adeli() if adeli else self.rpps()
            head = self.person("0" if adeli else "8", identifier)
            many = rng.choices((0, 1, 2, 3), (0.05, 0.70, 0.18, 0.07))[0]
            if many == 0:
                own = [head + "|" + empty_activity + "|"]
            else:
                own = [head + "|" + self.activity() + "|" for _ in range(many)]
            if len(own) > 1 and rng.random() < 0.02:
                later.append((self.persons + rng.randrange(1, 50), own.pop()))
                counts.scattered += 1
            for line in own:
                yield line
            counts.persons += 1
            counts.adeli += adeli
            counts.rpps += not adeli
            counts.rows += many or 1
            counts.activities += many or 1
            written += many or 1
            if not adeli and self.persons % 97 == 0 and len(counts.sample) < self.sample_size:
                counts.sample.append(identifier)
            while later and later[0][0] <= self.persons:
                yield later.pop(0)[1]
        for _, line in later:
            yield line


def generate(path: str | Path, lines: int, seed: int = 1, *, sample_size: int = 1000) -> Counts:
    """Write a file of about `lines` data lines (a person's lines are never split) at `path`; return what it holds.

    Its :attr:`Counts.sample` holds up to `sample_size` of its RPPS numbers (one person in 97; the file does not depend on it).
    """
    generator = _Generator(seed, sample_size)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        batch: list[str] = []
        for line in generator.lines(lines):
            batch.append(line)
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")
    return generator.counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the file to write (e.g. PS_LibreAcces_Personne_activite_202612010930.txt)")
    parser.add_argument("--lines", type=int, default=2_500_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = generate(args.out, args.lines, args.seed)
    data = counts.to_dict()
    data.pop("sample")
    json.dump(data, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

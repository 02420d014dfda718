"""Synthetic "Extraction_Correspondance_MSSante" files, for tests and benchmarks.

Same shape as the Annuaire Santé open-data file (reference/domain.md §8):
UTF-8, ``|``-separated, one header line, 31 columns; about 85 % PER rows
(``prenom.nom@medecin.mssante.fr``) and 15 % ORG rows (``cabinet-des-lilas.93260@...``),
realistic French names, communes and postal codes, and a share of malformed
lines (missing or extra columns, no address, stray quotes). The same seed
gives the same file, byte for byte.

Run: ``python bench/gen_extraction.py OUT.csv --rows 600000 [--seed 1] [--malformed 0.005]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HEADER = (
    "Type de BAL|Adresse BAL|Type Identifiant PP|Identifiant PP|Identification nationale PP|"
    "Type identifiant structure|Identification Structure|Service de rattachement|Civilité d'exercice|"
    "Nom d'exercice|Prénom d'exercice|Catégorie profession|Libellé de catégorie profession|"
    "Code Profession|Libellé Profession|Code savoir-faire|Libellé savoir-faire|Dématérialisation|"
    "Raison Sociale structure BAL|Enseigne commerciale structure BAL|L2COMPLEMENTLOCALISATION|"
    "L3COMPLEMENTDISTRIBUTION|L4NUMEROVOIE|L4COMPLEMENTNUMEROVOIE|NL4TYPEVOIE|L4LIBELLEVOIE|"
    "L5LIEUDITMENTION|L6LIGNEACHEMINEMENT|Code postal|Département|Pays"
)
COLUMNS = 31

FIRST = ["jean", "marie", "pierre", "michel", "philippe", "nathalie", "isabelle", "sylvie", "catherine", "francoise", "alain", "patrick", "nicolas", "christophe", "christine", "stephane", "sophie", "frederic", "laurent", "eric", "valerie", "sandrine", "julien", "david", "celine", "olivier", "thomas", "sebastien", "aurelie", "caroline", "emilie", "camille", "julie", "claire", "anne", "helene", "cecile", "pascal", "thierry", "vincent", "guillaume", "antoine", "alexandre", "maxime", "mathieu", "romain", "florence", "veronique", "martine", "jacques", "daniel", "bernard", "christian", "didier", "gerard", "dominique", "francois", "emmanuel", "fabrice", "franck", "herve", "jerome", "ludovic", "marc", "olivia", "pauline", "marion", "manon", "lucie", "laura", "sarah", "elodie", "audrey", "melanie", "virginie", "delphine", "karine", "stephanie", "agnes", "beatrice", "brigitte", "chantal", "corinne", "elisabeth", "genevieve", "josiane", "laurence", "monique", "nadine", "odile", "pascale", "patricia", "sabine", "severine", "sylvain", "yann", "yannick", "arnaud", "benoit", "bruno", "cedric", "damien", "denis", "fabien", "gilles", "gregory", "hugues", "jean-pierre", "jean-marc", "jean-luc", "marie-claire", "anne-sophie", "pierre-yves", "louis", "paul", "arthur", "hugo", "lea", "chloe", "ines", "jade", "louise", "alice", "emma", "zoe", "elise", "margaux", "mathilde", "noemie", "oceane", "justine", "charlotte", "amandine", "anais", "clemence", "eloise", "estelle", "fanny", "gaelle", "helena", "jeanne", "juliette", "lise", "lola", "maud", "morgane", "myriam", "nina", "ophelie", "perrine", "raphaelle", "solene"]

LAST = ["martin", "bernard", "thomas", "petit", "robert", "richard", "durand", "dubois", "moreau", "laurent", "simon", "michel", "lefebvre", "leroy", "roux", "david", "bertrand", "morel", "fournier", "girard", "bonnet", "dupont", "lambert", "fontaine", "rousseau", "vincent", "muller", "lefevre", "faure", "andre", "mercier", "blanc", "guerin", "boyer", "garnier", "chevalier", "francois", "legrand", "gauthier", "garcia", "perrin", "robin", "clement", "morin", "nicolas", "henry", "roussel", "mathieu", "gautier", "masson", "marchand", "duval", "denis", "dumont", "marie", "lemaire", "noel", "meyer", "dufour", "meunier", "brun", "blanchard", "giraud", "joly", "riviere", "lucas", "brunet", "gaillard", "barbier", "arnaud", "martinez", "gerard", "roche", "renard", "schmitt", "roy", "leroux", "colin", "vidal", "caron", "picard", "roger", "fabre", "aubert", "lemoine", "renaud", "dumas", "lacroix", "olivier", "philippe", "bourgeois", "pierre", "benoit", "rey", "leclerc", "payet", "rolland", "leclercq", "guillaume", "lecomte", "lopez", "jean", "dupuy", "guillot", "hubert", "berger", "carpentier", "sanchez", "dupuis", "moulin", "louis", "deschamps", "huet", "vasseur", "perez", "boucher", "fleury", "royer", "klein", "jacquet", "adam", "paris", "poirier", "marty", "aubry", "guyot", "carre", "charles", "renault", "charpentier", "menard", "maillard", "baron", "bertin", "bailly", "herve", "schneider", "fernandez", "le-gall", "collet", "leger", "bouvier", "julien", "prevost", "millet", "perrot", "daniel", "le-roux", "cousin", "germain", "breton", "besson", "langlois", "remy", "le-goff", "pelletier", "leveque", "perrier", "leblanc", "barre", "lebrun", "marchal", "weber", "mallet", "hamon", "boulanger", "jacob", "monnier", "michaud", "rodriguez", "guichard", "gillet", "etienne", "grondin", "poulain", "tessier", "chevallier", "collin", "chauvin", "da-silva", "bouchet", "gay", "lemaitre", "benard", "marechal", "humbert", "reynaud", "antoine", "hoarau", "perret", "barthelemy", "cordier", "pichon", "lejeune", "gilbert", "lamy", "delaunay", "pasquier", "carlier", "laporte", "jourdan", "guillon", "baudry", "le-corre", "navarro", "bouvet", "tanguy", "rousset", "delmas", "bousquet", "labbe", "ferrand", "chartier", "allard", "lebon", "fouquet", "riou", "bodin", "lacombe", "gomez", "petitjean"]

COMMUNES = (
    ("Paris", "75011"), ("Paris", "75015"), ("Paris", "75018"), ("Marseille", "13005"), ("Lyon", "69003"),
    ("Villeurbanne", "69100"), ("Toulouse", "31000"), ("Nice", "06000"), ("Nantes", "44000"),
    ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Bordeaux", "33000"), ("Lille", "59000"),
    ("Rennes", "35000"), ("Reims", "51100"), ("Saint-Étienne", "42000"), ("Toulon", "83000"),
    ("Le Havre", "76600"), ("Grenoble", "38000"), ("Dijon", "21000"), ("Angers", "49000"),
    ("Nîmes", "30000"), ("Clermont-Ferrand", "63000"), ("Le Mans", "72000"), ("Aix-en-Provence", "13100"),
    ("Brest", "29200"), ("Tours", "37000"), ("Amiens", "80000"), ("Limoges", "87000"), ("Annecy", "74000"),
    ("Perpignan", "66000"), ("Metz", "57000"), ("Besançon", "25000"), ("Orléans", "45000"),
    ("Rouen", "76000"), ("Mulhouse", "68100"), ("Caen", "14000"), ("Nancy", "54000"),
    ("Argenteuil", "95100"), ("Montreuil", "93100"), ("Les Lilas", "93260"), ("Roubaix", "59100"),
    ("Tourcoing", "59200"), ("Avignon", "84000"), ("Poitiers", "86000"), ("Pau", "64000"),
    ("La Rochelle", "17000"), ("Calais", "62100"), ("Cannes", "06400"), ("Saint-Nazaire", "44600"),
    ("Colmar", "68000"), ("Ajaccio", "20000"), ("Bastia", "20200"), ("Quimper", "29000"),
    ("Valence", "26000"), ("Troyes", "10000"), ("Lorient", "56100"), ("Vannes", "56000"),
    ("Chambéry", "73000"), ("Niort", "79000"), ("Laval", "53000"), ("Saint-Malo", "35400"),
    ("Bayonne", "64100"), ("Cholet", "49300"), ("Blois", "41000"), ("Chartres", "28000"),
    ("Évreux", "27000"), ("Belfort", "90000"), ("Arles", "13200"), ("Bourges", "18000"),
    ("Angoulême", "16000"), ("Périgueux", "24000"), ("Agen", "47000"), ("Albi", "81000"),
    ("Tarbes", "65000"), ("Auxerre", "89000"), ("Nevers", "58000"), ("Mâcon", "71000"),
    ("Gap", "05000"), ("Digne-les-Bains", "04000"), ("Rodez", "12000"), ("Cahors", "46000"),
    ("Aurillac", "15000"), ("Le Puy-en-Velay", "43000"), ("Mende", "48000"), ("Privas", "07000"),
    ("Foix", "09000"), ("Carcassonne", "11000"), ("Montauban", "82000"), ("Mont-de-Marsan", "40000"),
    ("Guéret", "23000"), ("Tulle", "19000"), ("Châteauroux", "36000"), ("Vesoul", "70000"),
    ("Lons-le-Saunier", "39000"), ("Épinal", "88000"), ("Bar-le-Duc", "55000"), ("Charleville-Mézières", "08000"),
    ("Laon", "02000"), ("Beauvais", "60000"), ("Alençon", "61000"), ("Saint-Lô", "50000"),
    ("Saint-Brieuc", "22000"), ("La Roche-sur-Yon", "85000"), ("Saint-Denis", "97400"),
    ("Fort-de-France", "97200"), ("Pointe-à-Pitre", "97110"), ("Cayenne", "97300"),
    ("Villeneuve-d'Ascq", "59650"), ("Boulogne-Billancourt", "92100"), ("Nanterre", "92000"),
    ("Créteil", "94000"), ("Vitry-sur-Seine", "94400"), ("Versailles", "78000"), ("Saint-Ouen", "93400"),
)

PLACES = (
    "des Lilas", "du Port", "de la Gare", "du Centre", "de la Mairie", "des Tilleuls", "du Parc",
    "Saint-Jean", "Saint-Michel", "des Roses", "du Marché", "de l'Église", "des Halles", "du Lac",
    "des Acacias", "du Moulin", "de la Plage", "du Château", "Pasteur", "Victor Hugo", "Jean Jaurès",
    "de la République", "des Arcades", "du Belvédère", "des Vignes", "du Canal", "de la Source",
    "des Quatre Vents", "du Soleil", "Bellevue", "des Cèdres", "du Val", "de la Forêt", "Sainte-Anne",
)

ORG_KINDS = (
    ("Cabinet médical", "cabinet-medical", "medecin.mssante.fr"),
    ("Cabinet infirmier", "cabinet-infirmier", "infirmier.mssante.fr"),
    ("Centre de santé", "centre-de-sante", "pro.mssante.fr"),
    ("Maison de santé pluriprofessionnelle", "msp", "pro.mssante.fr"),
    ("Pharmacie", "pharmacie", "pharmacien.mssante.fr"),
    ("Laboratoire de biologie médicale", "labo", "pro.mssante.fr"),
    ("Cabinet de kinésithérapie", "cabinet-kine", "pro.mssante.fr"),
    ("Cabinet dentaire", "cabinet-dentaire", "chirurgien-dentiste.mssante.fr"),
    ("Centre d'imagerie médicale", "imagerie", "pro.mssante.fr"),
    ("EHPAD", "ehpad", "pro.mssante.fr"),
    ("SOS Médecins", "sos-medecins", "medecin.mssante.fr"),
    ("Cabinet de sages-femmes", "cabinet-sages-femmes", "sage-femme.mssante.fr"),
)

HOSPITAL_SERVICES = (
    "secretariat", "accueil", "urgences", "cardiologie", "pediatrie", "radiologie", "maternite",
    "oncologie", "chirurgie", "pneumologie", "neurologie", "geriatrie", "psychiatrie", "dim",
    "bureau-des-entrees", "laboratoire", "pharmacie", "consultations", "soins-palliatifs", "sau",
)

PROFESSIONS = (
    ("10", "Médecin", "medecin.mssante.fr", 50, "SM54", "Médecine Générale (SM)"),
    ("60", "Infirmier", "infirmier.mssante.fr", 20, "", ""),
    ("21", "Pharmacien", "pharmacien.mssante.fr", 10, "", ""),
    ("40", "Chirurgien-Dentiste", "chirurgien-dentiste.mssante.fr", 7, "", ""),
    ("70", "Masseur-Kinésithérapeute", "pro.mssante.fr", 8, "", ""),
    ("50", "Sage-Femme", "sage-femme.mssante.fr", 5, "", ""),
)

MALFORMED_KINDS = ("truncated", "extra", "no_address", "bad_address", "stray_quote", "empty")


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (``"Saint-Étienne"`` gives ``"saint-etienne"``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out, dash = [], False
    for char in ascii_text.lower():
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def departement(postal: str) -> str:
    """The département code of a postal code (``20xxx`` gives 2A/2B, ``97x`` overseas)."""
    if postal.startswith("20"):
        return "2A" if postal < "20200" else "2B"
    if postal.startswith("97"):
        return postal[:3]
    return postal[:2]


def line(kind: str, address: str, name: str = "", postal: str = "", commune: str = "", *, person: tuple[str, str] = ("", ""), profession: tuple = ("", "", "", 0, "", ""), rng: random.Random | None = None) -> str:
    """One well-formed row of 31 columns (``kind`` is the BAL type: PER, ORG, APP, CAB)."""
    rng = rng or random.Random(0)
    first, last = person
    rpps = f"1{rng.randrange(10**9, 10**10):010d}" if kind == "PER" else ""
    code, label, _, _, sf_code, sf_label = profession
    structure_id = f"{rng.randrange(10**13, 10**14)}" if name else ""
    street = f"{rng.randrange(1, 200)}" if postal else ""
    fields = [
        kind, address,
        "8" if rpps else "", rpps, f"8{rpps}" if rpps else "",
        "3" if structure_id else "", structure_id, "",
        ("DR" if code == "10" else rng.choice(("M", "MME"))) if first else "",
        last.upper().replace("-", " "), first.capitalize(), "C" if first else "", "Civil" if first else "",
        code, label, sf_code, sf_label, "O" if first else "",
        name, "", "", "", street, "", "R" if street else "", rng.choice(("de la Paix", "Pasteur", "du Général de Gaulle", "des Écoles")) if street else "",
        "", f"{postal} {commune.upper()}" if postal else "", postal, departement(postal) if postal else "", "France" if postal else "",
    ]
    assert len(fields) == COLUMNS
    return "|".join(fields)


def _rows(rows: int, rng: random.Random, per_share: float, malformed: float) -> Iterator[str]:
    used: set[str] = set()
    weights = [p[3] for p in PROFESSIONS]

    def unique(local: str, domain: str) -> str:
        """A free address: as in the real list, a taken name gets a number (before its postal code)."""
        address = f"{local}@{domain}"
        stem, dot, postal = local.rpartition(".")
        if not (dot and postal.isdigit() and len(postal) == 5):
            stem, dot, postal = local, "", ""
        number = 1
        while address in used:
            number += 1
            address = f"{stem}{number}{dot}{postal}@{domain}"
        used.add(address)
        return address

    for _ in range(rows):
        draw = rng.random()
        if draw < malformed:
            yield _malformed(rng)
            continue
        commune, postal = rng.choice(COMMUNES)
        if rng.random() < per_share:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if rng.random() < 0.08:
                last = f"{last}-{rng.choice(LAST)}"
            profession = rng.choices(PROFESSIONS, weights)[0]
            domain = profession[2] if rng.random() < 0.8 else f"ch-{slug(commune)}.mssante.fr"
            local = f"{first}.{last}" if rng.random() < 0.9 else f"{first[0]}{last}"
            name = "" if rng.random() < 0.6 else f"Cabinet {rng.choice(('médical', 'infirmier', 'dentaire'))} {rng.choice(PLACES)}"
            yield line("PER", unique(local, domain), name, postal, commune, person=(first, last), profession=profession, rng=rng)
            continue
        yield _org(rng, commune, postal, unique)


def _org(rng: random.Random, commune: str, postal: str, unique) -> str:  # type: ignore[no-untyped-def]
    kind = "ORG" if rng.random() < 0.97 else rng.choice(("APP", "CAB"))
    if rng.random() < 0.3:  # a hospital service
        name = f"Centre hospitalier de {commune}"
        service = rng.choice(HOSPITAL_SERVICES)
        local = service if rng.random() < 0.5 else f"{service}.{rng.choice(HOSPITAL_SERVICES)}"
        return line(kind, unique(local, f"ch-{slug(commune)}.mssante.fr"), name, postal, commune, rng=rng)
    label, short, domain = rng.choice(ORG_KINDS)
    place = rng.choice(PLACES) if rng.random() < 0.6 else commune
    name = f"{label} {place}"
    words = slug(place)
    style = rng.random()
    if style < 0.4:
        local = f"{short}-{words}.{postal}"
    elif style < 0.6:
        local = f"{short}.{words}"
    elif style < 0.75:
        local = f"{short}-{slug(commune)}"
    elif style < 0.9:
        local = f"{short}{words.replace('-', '')}"
    else:
        local = f"secretariat.{short}-{words}"
    return line(kind, unique(local, domain), name, postal, commune, rng=rng)


def _malformed(rng: random.Random) -> str:
    commune, postal = rng.choice(COMMUNES)
    good = line("ORG", f"cabinet-{slug(commune)}.{postal}@pro.mssante.fr", f"Cabinet médical {commune}", postal, commune, rng=rng)
    fields = good.split("|")
    kind = rng.choice(MALFORMED_KINDS)
    if kind == "truncated":
        return "|".join(fields[: rng.randrange(1, COLUMNS - 1)])
    if kind == "extra":
        fields.insert(rng.randrange(2, COLUMNS), "données|en trop")
        return "|".join(fields)
    if kind == "no_address":
        fields[1] = ""
        return "|".join(fields)
    if kind == "bad_address":
        fields[1] = rng.choice(("cabinet medical@pro.mssante.fr", "sans-arobase.pro.mssante.fr", "a@@b", "@pro.mssante.fr"))
        return "|".join(fields)
    if kind == "stray_quote":  # an unclosed quote that would swallow the next line in a quoting reader
        fields[18] = '"' + fields[18]
        return "|".join(fields[:20]) + "\n" + "|".join(fields[20:])
    return "|" * (COLUMNS - 1)  # every column empty


@dataclass(frozen=True)
class Confusion:
    """A name a user might type for an existing one: `query`, which should find `original` among the first three.

    Attributes:
        kind: the kind of closeness (one of :data:`CONFUSION_KINDS`).
        query: what the user types (free: not in the list).
        original: the planted address it is close to (see :func:`planted_rows`).
    """

    kind: str
    query: str
    original: str


CONFUSION_KINDS = ("slip", "separators", "postal_code", "no_postal_code", "order", "short_word", "domain", "two_slips")
"""The kinds of closeness ``balorg directory check`` must rank in its first three (issue 10)."""

LILAS = "cabinet-des-lilas.93260@medecin.mssante.fr"
RESEAU = "reseau-cancerologie.villeurbanne@pro.mssante.fr"
VASSEUR = "ghislaine.vasseur@infirmier.mssante.fr"

_PLANTED = (
    # (BAL type, address, structure, postal code, commune)
    ("ORG", LILAS, "Cabinet médical des Lilas", "93260", "Les Lilas"),
    ("ORG", "cabinet-des-lilas@pro.mssante.fr", "Cabinet paramédical des Lilas", "93260", "Les Lilas"),
    # The same name at other operators, with no postal code or with the one a query will use: the
    # old ranking (one fuzzy ratio) put them before the same-domain original when a query dropped
    # or changed the postal code; a person puts the same operator first.
    ("ORG", "cabinet-des-lilas@sage-femme.mssante.fr", "Sages-femmes des Lilas", "93260", "Les Lilas"),
    ("ORG", "cabinet-des-lilas@pharmacien.mssante.fr", "Pharmacie des Lilas", "93260", "Les Lilas"),
    ("ORG", "cabinet-des-lilas.93100@sage-femme.mssante.fr", "Sages-femmes des Lilas", "93100", "Montreuil"),
    ("ORG", "cabinet-des-lilas.93100@pharmacien.mssante.fr", "Pharmacie des Lilas", "93100", "Montreuil"),
    ("ORG", "cabinet-des-lilas.93100@chirurgien-dentiste.mssante.fr", "Cabinet dentaire des Lilas", "93100", "Montreuil"),
    ("ORG", RESEAU, "Réseau de cancérologie", "69100", "Villeurbanne"),
    ("PER", VASSEUR, "", "69003", "Lyon"),
    # Numbered namesakes at the query's operator (the plain name itself unpublished, as some are):
    # the old ranking put them before the same name at another operator.
    ("PER", "ghislaine.vasseur2@medecin.mssante.fr", "", "69003", "Lyon"),
    ("PER", "ghislaine.vasseur3@medecin.mssante.fr", "", "75011", "Paris"),
    ("PER", "ghislaine.vasseur4@medecin.mssante.fr", "", "13005", "Marseille"),
)

CONFUSIONS = (
    Confusion("slip", "reseau-cancerologie.villeurbane@pro.mssante.fr", RESEAU),
    Confusion("slip", "rseau-cancerologie.villeurbanne@pro.mssante.fr", RESEAU),
    Confusion("separators", "cabinetdeslilas93260@medecin.mssante.fr", LILAS),
    Confusion("separators", "cabinet_des_lilas.93260@medecin.mssante.fr", LILAS),
    Confusion("postal_code", "cabinet-des-lilas.93100@medecin.mssante.fr", LILAS),
    Confusion("no_postal_code", "cabinet-des-lilas@medecin.mssante.fr", LILAS),
    Confusion("no_postal_code", "cabinet-des-lilas.93260@pro.mssante.fr", "cabinet-des-lilas@pro.mssante.fr"),
    Confusion("order", "lilas-cabinet.93260@medecin.mssante.fr", LILAS),
    Confusion("short_word", "cabinet-lilas.93260@medecin.mssante.fr", LILAS),
    Confusion("domain", "ghislaine.vasseur@medecin.mssante.fr", VASSEUR),
    Confusion("domain", "cabinet-des-lilas.93260@infirmier.mssante.fr", LILAS),
    Confusion("two_slips", "reseua-cancerologie.villeurbane@pro.mssante.fr", RESEAU),
)
"""One or two queries of each kind of :data:`CONFUSION_KINDS`, and the planted original each must find."""


def planted_rows() -> list[str]:
    """The rows :data:`CONFUSIONS` look for (originals and look-alikes), to pass as `extra` to :func:`generate`.

    None of their names is drawn by the generator (``des Lilas`` alone, ``ghislaine``
    and ``reseau`` are not in its lists), so each confusion has one right answer.
    """
    rng = random.Random(0)
    out = []
    for kind, address, name, postal, commune in _PLANTED:
        first, _, last = address.split("@")[0].partition(".")
        person = (first, last.rstrip("0123456789")) if kind == "PER" else ("", "")
        out.append(line(kind, address, name, postal, commune, person=person, rng=rng))
    return out


def generate(path: str | Path, rows: int, *, seed: int = 1, malformed: float = 0.005, per_share: float = 0.85, extra: list[str] | None = None) -> int:
    """Write a synthetic extraction file of `rows` data lines (plus `extra` lines at the end).

    Args:
        path: the file to write.
        rows: lines drawn at random (a malformed line with an embedded line
            break counts once but spans two lines).
        seed: the same seed gives the same file.
        malformed: share of malformed lines.
        per_share: share of PER rows among the well-formed ones (the rest: ORG, a few APP/CAB).
        extra: lines appended as they are (see :func:`line`), e.g. the rows a test looks for.

    Returns:
        The number of lines written after the header.
    """
    rng = random.Random(seed)
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        batch: list[str] = []
        for text in _rows(rows, rng, per_share, malformed):
            batch.append(text)
            count += text.count("\n") + 1
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        batch.extend(extra or [])
        count += len(extra or [])
        if batch:
            out.write("\n".join(batch) + "\n")
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: write a file and print what was written."""
    parser = argparse.ArgumentParser(description="Generate a synthetic Extraction_Correspondance_MSSante file.")
    parser.add_argument("out", help="file to write")
    parser.add_argument("--rows", type=int, default=600_000, help="number of data lines (default 600,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--malformed", type=float, default=0.005, help="share of malformed lines (default 0.005)")
    args = parser.parse_args(argv)
    lines = generate(args.out, args.rows, seed=args.seed, malformed=args.malformed)
    print(f"{args.out}: {lines:,} lines after the header", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

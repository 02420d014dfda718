"""The sheet's four use cases as complete, valid requests (``examples/``).

Produced by code so that they follow the model: ``python -m wizard.model.examples DIR``
writes them, and a test regenerates them and compares with the committed files.
People and numbers are fictitious (RPPS numbers are synthetic, Luhn-valid).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from wizard.model.export import export_to
from wizard.model.request import (
    Acknowledgements,
    Advisor,
    Checklist,
    CoHolder,
    Contact,
    Delegate,
    Eligibility,
    Identifier,
    Mailbox,
    PostalAddress,
    Professional,
    Request,
    Structure,
    UsagePlan,
)

CREATED_AT = "2026-11-02T09:00:00Z"
EXPORTED_AT = "2026-11-02T10:00:00Z"
ELIGIBLE = Eligibility(needs_shared_mailbox=True, has_finess=False, has_rpps_professional=True)
ALL_CHECKED = Checklist(prerequisites_checked=True, patients_informed=True, partners_informed=True)


def _person(pid: str, rpps: str, first: str, last: str, code: str, *creds: str) -> Professional:
    return Professional(
        id=pid, rpps=rpps, first_name=first, last_name=last, profession_code=code,
        credentials=list(creds) or ["e-cps"],  # type: ignore[arg-type]
    )


def case1_cabinet_infirmier() -> Request:
    """Sheet case 1: nurse A opens the BAL and names B co-holder; B names C."""
    return Request(
        request_id="0b8f7a52-3c1e-4c8a-9d55-1a2b3c4d5e01",
        created_at=CREATED_AT,
        structure=Structure(
            name="Cabinet infirmier du Port", kind="cabinet_infirmier",
            identifier=Identifier(type="SIRET", value="73282932000074"),
            address=PostalAddress(lines=["12 quai de la Fosse"], postal_code="44000", city="Nantes"),
        ),
        eligibility=ELIGIBLE,
        people=[
            _person("p1", "10000123454", "Anne", "Leroy", "60", "cps", "e-cps"),
            _person("p2", "10000234566", "Bruno", "Garnier", "60"),
            _person("p3", "10000345677", "Chloé", "Morel", "60"),
        ],
        mailboxes=[Mailbox(
            local_part="cabinet-infirmier-du-port.44000", domain="infirmier.mssante.fr",
            operator="Opérateur régional", description="Cabinet infirmier du Port, Nantes : soins à domicile",
            co_holders=[
                CoHolder(person="p1", principal=True),
                CoHolder(person="p2", appointed_by="p1"),
                CoHolder(person="p3", appointed_by="p2"),
            ],
        )],
        usage=UsagePlan(
            exchanged=["comptes_rendus", "resultats_biologie", "ordonnances", "coordination"],
            articulation="La BAL ORG reçoit les échanges sur la patientèle commune ; chaque infirmier garde sa BAL personnelle pour ses échanges propres.",
            checklist=ALL_CHECKED,
        ),
        acknowledgements=Acknowledgements(co_holder_responsibility=True),
        contact=Contact(name="Anne Leroy", email="anne.leroy@example.org", phone="02 40 00 00 01"),
        advisor=Advisor(name="Camille Bernard", organisation="GCS e-santé Pays de la Loire",
                        email="mssante@esante-paysdelaloire.fr"),
    )


def case2_cabinet_medical() -> Request:
    """Sheet case 2: doctor A opens the BAL, names doctor B; both delegate to the medical secretary."""
    return Request(
        request_id="0b8f7a52-3c1e-4c8a-9d55-1a2b3c4d5e02",
        created_at=CREATED_AT,
        structure=Structure(
            name="Cabinet des Lilas", kind="cabinet_medical",
            identifier=Identifier(type="SIREN", value="404833048"),
            address=PostalAddress(lines=["3 rue de Paris"], postal_code="93260", city="Les Lilas"),
        ),
        eligibility=ELIGIBLE,
        people=[
            _person("p1", "10000456789", "David", "Fontaine", "10", "cps"),
            _person("p2", "10000567890", "Élise", "Roux", "10"),
        ],
        mailboxes=[Mailbox(
            local_part="cabinet-des-lilas.93260", domain="medecin.mssante.fr",
            description="Cabinet médical de groupe des Lilas", service="Secrétariat",
            co_holders=[CoHolder(person="p1", principal=True), CoHolder(person="p2", appointed_by="p1")],
            delegates=[Delegate(last_name="Petit", first_name="Fanny", function="secrétaire médicale",
                                rights=["read", "send"], delegated_by=["p1", "p2"])],
        )],
        usage=UsagePlan(
            exchanged=["comptes_rendus", "resultats_biologie", "imagerie", "courriers", "administratif"],
            articulation="Le secrétariat trie la BAL ORG ; les médecins gardent leur BAL personnelle pour les échanges nominatifs.",
            checklist=ALL_CHECKED,
        ),
        acknowledgements=Acknowledgements(co_holder_responsibility=True, delegate_confidentiality=True),
        contact=Contact(name="David Fontaine", email="secretariat@example.org"),
    )


def case3_reseau() -> Request:
    """Sheet case 3: the doctor opens the BAL, names the radiologist; both delegate to the secretary."""
    return Request(
        request_id="0b8f7a52-3c1e-4c8a-9d55-1a2b3c4d5e03",
        created_at=CREATED_AT,
        structure=Structure(
            name="Réseau Cancérologie Villeurbanne", kind="reseau",
            identifier=Identifier(type="SIRET", value="35600000000048"),
            address=PostalAddress(lines=["Centre de dépistage", "8 avenue Henri Barbusse"],
                                  postal_code="69100", city="Villeurbanne"),
        ),
        eligibility=ELIGIBLE,
        people=[
            _person("p1", "10000678903", "Gilles", "Marchand", "10", "cps", "e-cps"),
            _person("p2", "10000789015", "Hélène", "Blanc", "10", "e-cps"),
        ],
        mailboxes=[Mailbox(
            local_part="reseau-cancerologie.villeurbanne", domain="reseau.mssante.fr",
            description="Dépistage et prise en charge du cancer du sein", service="Coordination",
            co_holders=[CoHolder(person="p1", principal=True), CoHolder(person="p2", appointed_by="p1")],
            delegates=[Delegate(last_name="Nicolas", first_name="Inès", function="secrétaire médical",
                                email="ines.nicolas@example.org", rights=["read", "send"],
                                delegated_by=["p1", "p2"])],
        )],
        usage=UsagePlan(
            exchanged=["comptes_rendus", "imagerie", "courriers", "coordination"],
            articulation="La BAL ORG est l'adresse du réseau pour les partenaires ; le médecin et le radiologue gardent leur BAL personnelle.",
            checklist=ALL_CHECKED,
        ),
        acknowledgements=Acknowledgements(co_holder_responsibility=True, delegate_confidentiality=True),
        contact=Contact(name="Inès Nicolas", email="ines.nicolas@example.org"),
    )


def case4_ministere() -> Request:
    """Sheet case 4: the regional medical inspector opens four BAL ORG and delegates each differently."""
    def delegate(last: str, first: str, function: str, *rights: str) -> Delegate:
        return Delegate(last_name=last, first_name=first, function=function,
                        rights=list(rights), delegated_by=["p1"])  # type: ignore[arg-type]

    boxes = [
        ("sgami-ouest.conseil-medical.rennes", "Conseil médical", [
            delegate("Jacob", "Julien", "chef du conseil médical", "read", "send"),
            delegate("Klein", "Karine", "secrétaire médical", "read", "send")]),
        ("sgami-ouest.service-medical.rennes", "Service médical", [
            delegate("Lambert", "Louis", "responsable adjoint du service", "read", "send"),
            delegate("Mercier", "Maud", "gestionnaire", "read")]),
        ("sgami-ouest.administration.rennes", "Administration", [
            delegate("Noël", "Nadia", "responsable administratif", "read", "send"),
            delegate("Olivier", "Oscar", "chef de section", "read")]),
        ("sgami-ouest.bureau-detention.rennes", "Bureau des détenus", [
            delegate("Perrin", "Pauline", "adjoint du bureau", "read", "send")]),
    ]
    return Request(
        request_id="0b8f7a52-3c1e-4c8a-9d55-1a2b3c4d5e04",
        created_at=CREATED_AT,
        structure=Structure(
            name="SGAMI Ouest", kind="administration",
            identifier=Identifier(type="SIRET", value="13000456700017"),
            address=PostalAddress(lines=["Secrétariat général pour l'administration du ministère de l'Intérieur",
                                         "13 boulevard de la Liberté"], postal_code="35000", city="Rennes"),
        ),
        eligibility=ELIGIBLE,
        people=[_person("p1", "10000890128", "Quentin", "Renard", "10", "cps")],
        mailboxes=[
            Mailbox(local_part=local, domain="interieur.mssante.fr", service=service,
                    description=f"SGAMI Ouest : {service.lower()}", liste_rouge=index == 3,
                    co_holders=[CoHolder(person="p1", principal=True)], delegates=delegates)
            for index, (local, service, delegates) in enumerate(boxes)
        ],
        usage=UsagePlan(
            exchanged=["comptes_rendus", "courriers", "coordination", "administratif"],
            articulation="Chaque BAL ORG sert un service du SGAMI pour les échanges externes autour des patients en détention ; le médecin inspecteur garde sa BAL personnelle.",
            checklist=Checklist(prerequisites_checked=True, patients_informed=True, partners_informed=False),
        ),
        acknowledgements=Acknowledgements(co_holder_responsibility=True, delegate_confidentiality=True),
        contact=Contact(name="Quentin Renard", email="quentin.renard@example.org"),
    )


EXAMPLES: dict[str, Callable[[], Request]] = {
    "cas1-cabinet-infirmier.json": case1_cabinet_infirmier,
    "cas2-cabinet-medical.json": case2_cabinet_medical,
    "cas3-reseau.json": case3_reseau,
    "cas4-ministere-interieur.json": case4_ministere,
}
"""Example file name → builder."""


def write_examples(folder: Path) -> list[Path]:
    """Write the four examples into `folder` (exported, with a fixed export date)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [export_to(build(), folder / name, exported_at=EXPORTED_AT) for name, build in EXAMPLES.items()]


if __name__ == "__main__":
    for path in write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else "examples")):
        print(path)

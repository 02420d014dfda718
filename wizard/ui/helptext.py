"""Help for each step, drawn from the ANS sheet: a short text for the side panel, a longer one for F1."""

from __future__ import annotations

from wizard.model.i18n import t

SHORT: dict[str, tuple[str, str]] = {
    "inform": (
        "Une BAL ORG est une boîte aux lettres MSSanté partagée, sous la responsabilité de la structure. "
        "Elle peut désormais être ouverte sans FINESS, avec le RPPS des professionnels.",
        "A BAL ORG is a shared MSSanté mailbox under the structure's responsibility. "
        "It can now be opened without a FINESS, with the professionals' RPPS numbers.",
    ),
    "eligibility": (
        "Trois questions de la fiche : besoin d'une BAL partagée, FINESS, professionnels avec un RPPS. "
        "Le résultat s'affiche aussitôt.",
        "The sheet's three questions: need for a shared mailbox, FINESS, professionals with an RPPS. "
        "The outcome shows at once.",
    ),
    "structure": (
        "La structure (personne morale) responsable de la BAL. Sans FINESS, un SIRET, un SIREN ou un "
        "RPPS-rang permet à l'opérateur de la rattacher dans l'annuaire.",
        "The structure (legal person) responsible for the mailbox. Without a FINESS, a SIRET, SIREN or "
        "RPPS-rang lets the operator attach it in the directory.",
    ),
    "roles": (
        "Les cotitulaires ont un RPPS et une CPS ou e-CPS ; ils désignent un principal, qui crée et "
        "supprime la BAL. 20 cotitulaires au plus. Les délégataires consultent et/ou envoient.",
        "Co-holders have an RPPS and a CPS or e-CPS; they name a principal, who creates and deletes "
        "the mailbox. At most 20 co-holders. Delegates read and/or send.",
    ),
    "name": (
        "Un nom explicite évite les confusions entre structures proches : ajoutez la zone géographique. "
        "Le domaine est imposé par l'opérateur. Une adresse ne peut plus être changée après création.",
        "An explicit name avoids confusion between similar structures: add the area. The domain is set "
        "by the operator. An address can never be changed after creation.",
    ),
    "usage": (
        "Qu'est-ce qui est échangé via cette BAL ? Quelle articulation avec les BAL personnelles ? "
        "Prérequis d'accès, patients et partenaires informés.",
        "What goes through this mailbox? How does it fit with the personal mailboxes? "
        "Access prerequisites, patients and partners informed.",
    ),
    "review": (
        "Relisez la demande. Entrée sur un problème ouvre le champ concerné. L'export est refusé tant "
        "qu'il reste des erreurs.",
        "Review the request. Enter on a problem opens its field. Export is refused while errors remain.",
    ),
    "home": (
        "balorg prépare la demande d'ouverture d'une BAL ORG MSSanté pour une structure sans FINESS, "
        "en suivant la fiche de l'ANS, et l'exporte dans un fichier vérifié.",
        "balorg prepares the request to open an MSSanté BAL ORG for a structure without FINESS, "
        "following the ANS sheet, and exports it to a checked file.",
    ),
}

LONG: dict[str, tuple[str, str]] = {
    "home": (
        "Nouvelle demande : partez d'une demande vierge ou d'un des quatre cas d'usage de la fiche "
        "(cabinet infirmier, cabinet médical, réseau ou association, ministère de l'Intérieur).\n\n"
        "Ouvrir un fichier : une demande exportée ou un brouillon enregistré (JSON). Les problèmes "
        "du fichier sont affichés ; rien n'est modifié sur le disque.\n\n"
        "Ctrl+P ouvre la palette de commandes ; Ctrl+Q quitte.",
        "New request: start blank or from one of the sheet's four use cases (nursing practice, "
        "medical practice, network or association, Ministry of the Interior).\n\n"
        "Open a file: an exported request or a saved draft (JSON). The file's problems are shown; "
        "nothing is changed on disk.\n\nCtrl+P opens the command palette; Ctrl+Q quits.",
    ),
    "inform": (
        "Qu'est-ce qui change ? Pensée pour les structures avec FINESS, la BAL ORG peut désormais être "
        "créée pour d'autres organisations de santé : cabinets médicaux, paramédicaux, réseaux…\n\n"
        "Son utilité : partager envois et réceptions de messages et documents de santé, faciliter les "
        "remplacements, la mutualisation et la coordination, et être trouvée plus facilement dans "
        "l'Annuaire Santé.\n\n"
        "BAL ORG ou BAL personnelle ? L'accès partagé peut aussi passer par la délégation d'une BAL "
        "personnelle (PER). Le choix dépend de l'organisation et des usages : la BAL ORG convient à une "
        "activité mutualisée avec plusieurs professionnels ; un professionnel seul qui veut donner accès "
        "à son secrétariat peut déléguer sa BAL personnelle.",
        "What changes? Designed for structures with a FINESS, the BAL ORG can now be created for other "
        "health organisations: medical and paramedical practices, networks…\n\n"
        "What for: sharing the sending and receiving of health messages and documents, easing "
        "replacements, pooling and coordination, and being found more easily in the Annuaire Santé.\n\n"
        "BAL ORG or personal mailbox? Shared access can also go through delegating a personal mailbox "
        "(PER). The choice depends on the organisation and its uses: a BAL ORG suits pooled work by "
        "several professionals; a single professional giving staff access can delegate their own mailbox.",
    ),
    "eligibility": (
        "La fiche demande :\n• avoir besoin d'une BAL partagée pour envoyer ou recevoir des données de "
        "santé ;\n• ne pas avoir été éligible historiquement (pas de FINESS) ;\n• avoir un ou plusieurs "
        "professionnels avec un numéro RPPS.\n\nAvec un FINESS, la voie classique reste ouverte. Sans "
        "RPPS, la BAL ORG ne peut pas être ouverte : rapprochez-vous du GRADeS ou de l'Assurance Maladie.",
        "The sheet asks:\n• needing a shared mailbox to send or receive health data;\n• not having been "
        "eligible before (no FINESS);\n• having one or more professionals with an RPPS number.\n\nWith a "
        "FINESS, the classic route stays open. Without an RPPS, a BAL ORG cannot be opened: contact the "
        "GRADeS or the Assurance Maladie.",
    ),
    "structure": (
        "FINESS : Fichier National des Établissements Sanitaires et Sociaux, identifiant administratif "
        "des établissements.\n\nSans FINESS, indiquez si possible un SIRET (14 chiffres), un SIREN "
        "(9 chiffres) ou un RPPS-rang : ils sont vérifiés pendant la saisie (clé de contrôle).\n\n"
        "Le département et la région sont déduits du code postal.",
        "FINESS: the national register of health and social establishments.\n\nWithout a FINESS, give a "
        "SIRET (14 digits), a SIREN (9 digits) or an RPPS-rang if you can: they are checked as you type "
        "(check digit).\n\nThe département and region come from the postal code.",
    ),
    "roles": (
        "Cotitulaire : responsable des informations qu'il échange et des accès qu'il ouvre par "
        "délégation ; il peut autoriser un autre cotitulaire et déléguer l'accès. Prérequis : un RPPS et "
        "une CPS ou e-CPS. La BAL est trouvée dans l'annuaire par l'identité des cotitulaires.\n\n"
        "Cotitulaire principal : responsable opérationnel, seul à pouvoir créer ou supprimer la BAL.\n\n"
        "Délégataire : n'accède aux données des patients que sous la responsabilité d'un professionnel, "
        "dans le cadre de ses missions et du secret professionnel ; il consulte et/ou envoie.\n\n"
        "Exemple de la fiche (cas 1) : l'infirmier A ouvre la BAL et nomme B cotitulaire ; B nomme C.",
        "Co-holder: responsible for what they exchange and the accesses they open by delegation; may "
        "authorise another co-holder and delegate access. Needs an RPPS and a CPS or e-CPS. The mailbox "
        "is found in the directory through the co-holders' identities.\n\nPrincipal co-holder: the "
        "operational lead, alone able to create or delete the mailbox.\n\nDelegate: accesses patient "
        "data only under a professional's responsibility, within their duties and professional secrecy; "
        "reads and/or sends.\n\nSheet example (case 1): nurse A opens the mailbox and names B; B names C.",
    ),
    "name": (
        "Exemples de la fiche :\n• reseau-cancerologie.villeurbanne@<domaine>.mssante.fr\n"
        "• cabinet-des-lilas.93260@<domaine>.mssante.fr\n\nSeuls les minuscules sans accent, chiffres et "
        ". - _ sont admis. La translittération d'une saisie accentuée est proposée, jamais imposée.\n\n"
        "Le nom de domaine est imposé par l'opérateur. Une adresse ne peut jamais être modifiée après sa "
        "création : relisez-la bien.",
        "Sheet examples:\n• reseau-cancerologie.villeurbanne@<domain>.mssante.fr\n"
        "• cabinet-des-lilas.93260@<domain>.mssante.fr\n\nOnly lowercase letters without accents, digits "
        "and . - _ are allowed. Transliterating accented input is offered, never forced.\n\nThe domain "
        "is set by the operator. An address can never be changed after creation: check it well.",
    ),
    "usage": (
        "Mettre en place l'organisation :\n• s'assurer que chaque professionnel a les prérequis d'accès "
        "définis par l'opérateur ;\n• informer les patients de l'usage d'une BAL partagée ;\n"
        "• communiquer l'ouverture de la BAL aux partenaires externes.\n\nLa description et le service "
        "sont publiés dans l'annuaire ; la liste rouge l'empêche.",
        "Set up the organisation:\n• make sure each professional has the operator's access "
        "prerequisites;\n• inform patients that a shared mailbox is used;\n• tell external partners the "
        "mailbox is open.\n\nThe description and service are published in the directory; the liste "
        "rouge prevents it.",
    ),
    "review": (
        "Chaque problème est rattaché à son étape : Entrée ouvre le champ concerné. Les erreurs bloquent "
        "l'export, les avertissements informent.\n\nLe fichier exporté (JSON, format v1) est ce que "
        "l'opérateur reçoit ; il est écrit lisible par vous seul.",
        "Each problem belongs to a step: Enter opens its field. Errors block the export; warnings "
        "inform.\n\nThe exported file (JSON, format v1) is what the operator receives; it is written "
        "readable by you alone.",
    ),
}


def short_help(step: str) -> str:
    """The side panel's help for `step`."""
    return t(SHORT, step)


_KEYS = {
    "undo": ("Ctrl+Z annule la dernière modification de la demande (la saisie d'un champ, un ajout, une "
             "suppression), Ctrl+Y la rétablit.",
             "Ctrl+Z undoes the request's last change (a field's typing, an addition, a removal), Ctrl+Y "
             "redoes it."),
}


def long_help(step: str) -> str:
    """The F1 help for `step` (a step of the request: with the undo keys)."""
    text = t(LONG, step)
    return text if step == "home" else f"{text}\n\n{t(_KEYS, 'undo')}"

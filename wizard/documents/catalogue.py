"""Every string of the documents, French first with an English entry (``key: (fr, en)``).

The French wording echoes the ANS sheet (cotitulaire principal, responsable
opérationnel, délégataire, secret professionnel, Annuaire Santé, liste rouge),
so that what a practice hands out says what the sheet says.
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    # Titles and file names
    "summary.title": ("Récapitulatif de la demande de BAL ORG", "BAL ORG request summary"),
    "notice.title": ("Information des patients", "Patient notice"),
    "announcement.title": ("Annonce aux partenaires", "Partners' announcement"),
    "summary.file": ("recapitulatif", "summary"),
    "notice.file": ("information-patients", "patient-notice"),
    "announcement.file": ("annonce-partenaires", "partners-announcement"),
    "unnamed": ("Structure sans nom", "Unnamed structure"),
    "none": ("—", "—"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "unanswered": ("sans réponse", "unanswered"),
    "and": (" et ", " and "),
    # Summary: structure
    "s.structure": ("Structure", "Structure"),
    "s.name": ("Nom", "Name"),
    "s.kind": ("Type", "Kind"),
    "s.identifier": ("Identifiant", "Identifier"),
    "s.finess": ("FINESS", "FINESS"),
    "s.idnat": ("idNat_Struct (annuaire)", "idNat_Struct (directory)"),
    "s.address": ("Adresse", "Address"),
    "s.territory": ("Département, région", "Département, region"),
    "s.no_identifier": ("aucun (l'opérateur en aura besoin)", "none (the operator will need one)"),
    # Summary: eligibility
    "s.eligibility": ("Éligibilité", "Eligibility"),
    "s.outcome": ("Résultat", "Outcome"),
    "s.outcome_pending": ("à déterminer (questions sans réponse)", "to be determined (questions unanswered)"),
    "s.advice": ("Conseil", "Advice"),
    # Summary: mailboxes
    "s.mailboxes": ("BAL ORG demandées", "Requested BAL ORG"),
    "s.no_mailbox": ("Aucune BAL ORG pour l'instant.", "No BAL ORG yet."),
    "s.mailbox": ("BAL ORG {n}", "BAL ORG {n}"),
    "s.no_address": ("adresse à compléter", "address to be completed"),
    "s.bal_address": ("Adresse", "Address"),
    "s.operator": ("Opérateur", "Operator"),
    "s.description": ("Description (Annuaire Santé)", "Description (Annuaire Santé)"),
    "s.service": ("Service", "Service"),
    "s.directory": ("Annuaire Santé", "Annuaire Santé"),
    "s.published": (
        "publiée, trouvée par l'identité des cotitulaires (les délégataires ne sont pas associés à la BAL sur l'annuaire)",
        "published, found through the co-holders' identities (delegates are not attached to the BAL in the directory)",
    ),
    "s.liste_rouge": ("liste rouge : non publiée", "liste rouge: not published"),
    "s.co_holders": ("Cotitulaires", "Co-holders"),
    "s.delegates": ("Délégataires", "Delegates"),
    "s.no_co_holder": ("Aucun cotitulaire désigné.", "No co-holder named."),
    "s.no_delegate": ("Aucun délégataire.", "No delegate."),
    "col.name": ("Nom", "Name"),
    "col.rpps": ("RPPS", "RPPS"),
    "col.profession": ("Profession", "Profession"),
    "col.cards": ("Carte", "Card"),
    "col.role": ("Rôle", "Role"),
    "col.appointed_by": ("Nommé par", "Appointed by"),
    "col.function": ("Fonction", "Function"),
    "col.rights": ("Droits", "Rights"),
    "col.delegated_by": ("Délégué par", "Delegated by"),
    "col.email": ("E-mail", "E-mail"),
    "role.principal": (
        "cotitulaire principal, responsable opérationnel (crée et supprime la BAL)",
        "principal co-holder, operational lead (creates and deletes the BAL)",
    ),
    "role.co_holder": ("cotitulaire", "co-holder"),
    "story.opens": ("{who} ouvre la BAL ORG.", "{who} opens the BAL ORG."),
    "story.opens_and_names": ("{who} ouvre la BAL ORG et nomme {whom} {title}.", "{who} opens the BAL ORG and appoints {whom} {title}."),
    "story.names": ("{who} nomme {whom} {title}.", "{who} appoints {whom} {title}."),
    "story.title_one": ("cotitulaire", "co-holder"),
    "story.title_many": ("cotitulaires", "co-holders"),
    "story.delegate_one": ("{who} délègue la BAL à {whom}.", "{who} delegates the BAL to {whom}."),
    "story.delegate_many": ("{who} délèguent la BAL à {whom}.", "{who} delegate the BAL to {whom}."),
    "s.other_people": ("Autres professionnels déclarés", "Other professionals entered"),
    # Summary: usage, checklist, acknowledgements, contacts
    "s.usage": ("Modalités d'usage", "Usage"),
    "s.exchanged": ("Échangé via la BAL", "Exchanged through the BAL"),
    "s.exchanged_other": ("Autres échanges", "Other exchanges"),
    "s.articulation": ("Articulation avec les BAL personnelles MSSanté", "How it fits with the personal MSSanté mailboxes"),
    "s.checklist": ("Organisation autour de la BAL", "Organisation around the BAL"),
    "check.prerequisites_checked": (
        "Chaque professionnel possède les prérequis d'accès définis par l'opérateur",
        "Each professional has the access prerequisites set by the operator",
    ),
    "check.patients_informed": (
        "Patients informés de l'usage d'une BAL partagée par les professionnels de la structure",
        "Patients informed that a shared BAL is used by the structure's professionals",
    ),
    "check.partners_informed": (
        "Ouverture de la BAL communiquée aux partenaires externes",
        "Opening of the BAL announced to external partners",
    ),
    "s.acknowledgements": ("Engagements", "Acknowledgements"),
    "ack.co_holder_responsibility": (
        "Les cotitulaires sont responsables des informations qu'ils échangent et partagent via la BAL, et des accès qu'ils ouvrent par délégation",
        "Co-holders are responsible for the information they exchange and share through the BAL, and for the accesses they open by delegation",
    ),
    "ack.delegate_confidentiality": (
        "Les délégataires n'accèdent aux données des patients que sous la responsabilité d'un professionnel, dans le strict cadre de leurs missions et dans le respect du secret professionnel",
        "Delegates access patient data only under a professional's responsibility, strictly within their duties and bound by professional secrecy",
    ),
    "s.contacts": ("Contacts", "Contacts"),
    "s.contact": ("Contact pour l'opérateur", "Contact for the operator"),
    "s.advisor": ("Conseiller", "Advisor"),
    "s.findings": ("Points encore ouverts", "Findings still open"),
    "s.no_findings": ("Aucun point ouvert : la demande est complète.", "Nothing open: the request is complete."),
    "s.findings_count": (
        "{errors} erreur(s) à corriger avant l'export, {warnings} avertissement(s).",
        "{errors} error(s) to fix before export, {warnings} warning(s).",
    ),
    "severity.error": ("Erreur", "Error"),
    "severity.warning": ("Avertissement", "Warning"),
    "step.home": ("accueil", "home"),
    "step.inform": ("s'informer", "inform"),
    "step.eligibility": ("éligibilité", "eligibility"),
    "step.structure": ("structure", "structure"),
    "step.roles": ("rôles", "roles"),
    "step.name": ("nom de la BAL", "mailbox name"),
    "step.usage": ("usage", "usage"),
    "step.review": ("export", "export"),
    "s.where": ("étape « {step} », champ {path}", "step \"{step}\", field {path}"),
    "s.footer": (
        "Document établi par balorg {version} le {date}. Demande {request_id}, créée le {created}.",
        "Document made by balorg {version} on {date}. Request {request_id}, created on {created}.",
    ),
    "s.exported": (" Fichier exporté le {exported}.", " File exported on {exported}."),
    # Patient notice
    "n.lead": (
        "Pour échanger de façon sécurisée les informations utiles à votre prise en charge, "
        "les professionnels de la structure utilisent une messagerie sécurisée de santé partagée "
        "(boîte aux lettres organisationnelle MSSanté, ou BAL ORG).",
        "To exchange the information needed for your care securely, the structure's professionals "
        "use a shared secure health mailbox (an MSSanté organisational mailbox, or BAL ORG).",
    ),
    "n.lead_many": (
        "Pour échanger de façon sécurisée les informations utiles à votre prise en charge, "
        "les professionnels de la structure utilisent des messageries sécurisées de santé partagées "
        "(boîtes aux lettres organisationnelles MSSanté, ou BAL ORG).",
        "To exchange the information needed for your care securely, the structure's professionals "
        "use shared secure health mailboxes (MSSanté organisational mailboxes, or BAL ORG).",
    ),
    "n.who": ("Qui peut la lire ?", "Who can read it?"),
    "n.who_many": ("Qui peut les lire ?", "Who can read them?"),
    "n.co_holder": (
        "le professionnel de santé cotitulaire, responsable des informations qu'il y échange : {names} ;",
        "the health professional who is co-holder, responsible for the information they exchange through it: {names};",
    ),
    "n.co_holders": (
        "les professionnels de santé cotitulaires, responsables des informations qu'ils y échangent : {names} ;",
        "the health professionals who are co-holders, responsible for the information they exchange through it: {names};",
    ),
    "n.delegates": (
        "sous leur responsabilité, les personnes à qui ils en ont délégué l'accès ({functions}), "
        "dans le strict cadre de leurs missions et tenues au secret professionnel.",
        "under their responsibility, the people they have given access ({functions}), "
        "strictly within their duties and bound by professional secrecy.",
    ),
    "n.delegates_one": (
        "sous sa responsabilité, les personnes à qui il en a délégué l'accès ({functions}), "
        "dans le strict cadre de leurs missions et tenues au secret professionnel.",
        "under their responsibility, the people they have given access ({functions}), "
        "strictly within their duties and bound by professional secrecy.",
    ),
    "n.no_delegates": (
        "personne d'autre : aucun accès n'est délégué à ce jour.",
        "nobody else: no access is delegated at present.",
    ),
    "n.what": ("À quoi sert-elle ?", "What is it for?"),
    "n.what_many": ("À quoi servent-elles ?", "What are they for?"),
    "n.used_for_many": (
        "Elles servent aux échanges avec les autres professionnels qui participent à votre prise en charge : {what}.",
        "They are used for exchanges with the other professionals involved in your care: {what}.",
    ),
    "n.used_for_unknown_many": (
        "Elles servent aux échanges avec les autres professionnels qui participent à votre prise en charge.",
        "They are used for exchanges with the other professionals involved in your care.",
    ),
    "n.secure_many": (
        "Ces messageries appartiennent à l'espace de confiance MSSanté, réservé aux professionnels habilités.",
        "These mailboxes belong to the MSSanté trust space, reserved for authorised professionals.",
    ),
    "n.used_for": (
        "Elle sert aux échanges avec les autres professionnels qui participent à votre prise en charge : {what}.",
        "It is used for exchanges with the other professionals involved in your care: {what}.",
    ),
    "n.used_for_unknown": (
        "Elle sert aux échanges avec les autres professionnels qui participent à votre prise en charge.",
        "It is used for exchanges with the other professionals involved in your care.",
    ),
    "n.secure": (
        "Cette messagerie appartient à l'espace de confiance MSSanté, réservé aux professionnels habilités.",
        "This mailbox belongs to the MSSanté trust space, reserved for authorised professionals.",
    ),
    "n.questions": (
        "Pour toute question, adressez-vous aux professionnels de la structure.",
        "If you have any question, ask the structure's professionals.",
    ),
    # Partners' announcement
    "a.subject": (
        "Objet : {structure} : nouvelle adresse de messagerie sécurisée de santé (MSSanté)",
        "Subject: {structure}: new secure health mailbox address (MSSanté)",
    ),
    "a.subject_many": (
        "Objet : {structure} : nouvelles adresses de messagerie sécurisée de santé (MSSanté)",
        "Subject: {structure}: new secure health mailbox addresses (MSSanté)",
    ),
    "a.greeting": ("Madame, Monsieur,", "Dear colleagues,"),
    "a.lead_one": (
        "{structure} ouvre une boîte aux lettres organisationnelle MSSanté (BAL ORG), partagée par ses professionnels :",
        "{structure} is opening an MSSanté organisational mailbox (BAL ORG), shared by its professionals:",
    ),
    "a.lead_many": (
        "{structure} ouvre {count} boîtes aux lettres organisationnelles MSSanté (BAL ORG), partagées par ses professionnels :",
        "{structure} is opening {count} MSSanté organisational mailboxes (BAL ORG), shared by its professionals:",
    ),
    "a.send": (
        "Merci d'y adresser désormais, depuis votre messagerie sécurisée de santé, vos échanges concernant nos patients communs : {what}.",
        "From now on, please send there, from your secure health mailbox, your exchanges about our shared patients: {what}.",
    ),
    "a.send_many": (
        "Merci d'y adresser désormais, chacune selon son service et depuis votre messagerie sécurisée de santé, vos échanges concernant nos patients communs : {what}.",
        "From now on, please send there, each according to its service and from your secure health mailbox, your exchanges about our shared patients: {what}.",
    ),
    "a.send_unknown": (
        "Merci d'y adresser désormais, depuis votre messagerie sécurisée de santé, vos échanges concernant nos patients communs.",
        "From now on, please send there, from your secure health mailbox, your exchanges about our shared patients.",
    ),
    "a.directory": (
        "Vous la trouverez dans l'Annuaire Santé sous le nom de ses cotitulaires : {names}.",
        "You will find it in the Annuaire Santé under its co-holders' names: {names}.",
    ),
    "a.directory_one": (
        "Vous la trouverez dans l'Annuaire Santé sous le nom de son cotitulaire : {names}.",
        "You will find it in the Annuaire Santé under its co-holder's name: {names}.",
    ),
    "a.liste_rouge": (
        "Cette adresse n'est pas publiée dans l'Annuaire Santé (liste rouge) : merci de la conserver dans votre carnet d'adresses.",
        "This address is not published in the Annuaire Santé (liste rouge): please keep it in your address book.",
    ),
    "a.closing": ("Cordialement,", "Kind regards,"),
    "a.missing_address": ("adresse en cours de création", "address being created"),
}

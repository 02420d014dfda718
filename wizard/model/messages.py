"""The catalogue of finding messages and domain labels: French first, English too.

Each entry is ``code: (french, english)``. Codes are stable (they appear in
exported findings and in `balorg validate --json`); messages may be reworded.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Files and structure
    "file.unreadable": ("Fichier illisible : {reason}", "Unreadable file: {reason}"),
    "file.empty": ("Le fichier est vide.", "The file is empty."),
    "file.not_utf8": ("Le fichier n'est pas encodé en UTF-8.", "The file is not UTF-8 encoded."),
    "file.not_json": ("Le fichier n'est pas du JSON valide (ligne {line}, colonne {column}).", "The file is not valid JSON (line {line}, column {column})."),
    "file.not_json_constant": ("Le fichier contient NaN ou Infinity, qui ne sont pas du JSON standard.", "The file holds NaN or Infinity, which are not standard JSON."),
    "file.duplicate_key": ("Le fichier contient deux fois la clé « {key} » dans un même objet.", "The file holds the key \"{key}\" twice in one object."),
    "file.too_deep": ("Le JSON est imbriqué trop profondément pour être une demande.", "The JSON is nested too deeply to be a request."),
    "file.invalid_character": ("Caractère invalide ({char}) : une moitié de caractère Unicode seule, que ni un fichier ni un terminal ne peuvent représenter ; le texte doit être de l'Unicode valide.",
                               "Invalid character ({char}): half of a Unicode character alone, which neither a file nor a terminal can represent; the text must be valid Unicode."),
    "file.not_object": ("Le fichier doit contenir un objet JSON (une demande BAL ORG).", "The file must hold a JSON object (a BAL ORG request)."),
    "schema.type": ("Type incorrect : il faut {expected}.", "Wrong type: {expected} expected."),
    "schema.const": ("Valeur incorrecte : {expected} attendu.", "Wrong value: {expected} expected."),
    "schema.enum": ("Valeur « {value} » non admise ; valeurs possibles : {allowed}.", "Value \"{value}\" not allowed; possible values: {allowed}."),
    "schema.required": ("Champ obligatoire absent.", "Required field missing."),
    "schema.unknown_key": ("Clé inconnue « {key} » : le format v1 ne la prévoit pas.", "Unknown key \"{key}\": format v1 has no such key."),
    "hint.suggestion": (" Suggestion : {hint}", " Suggestion: {hint}"),
    "number.separators": ("{field} « {value} » : un fichier exporté n'en contient que les chiffres, sans espaces, points ni tirets ({digits} attendu).",
                          "{field} \"{value}\": an exported file holds its digits only, without spaces, dots or dashes ({digits} expected)."),
    # Generic text checks
    "text.control_characters": ("Caractère de contrôle interdit ({char}).", "Control character not allowed ({char})."),
    "text.untrimmed": ("Espaces en début ou en fin de texte : un fichier exporté par balorg n'en a pas (l'export les retire).",
                       "Spaces at the start or end of the text: a file exported by balorg has none (the export removes them)."),
    "text.length": ("Longueur incorrecte : entre {low} et {high} caractères attendus ({length} saisis).", "Wrong length: {low} to {high} characters expected ({length} given)."),
    "email.invalid": ("Adresse e-mail invalide : « {value} ».", "Invalid e-mail address: \"{value}\"."),
    "phone.invalid": ("Numéro de téléphone invalide : « {value} » (10 chiffres, ou +33 suivi de 9 chiffres).", "Invalid phone number: \"{value}\" (10 digits, or +33 and 9 digits)."),
    "list.duplicate": ("La liste contient un doublon.", "The list holds a duplicate."),
    "request_id.missing": ("Identifiant de demande (request_id) absent.", "Request id (request_id) missing."),
    "date.missing": ("Date de création (created_at) absente.", "Creation date (created_at) missing."),
    "request_id.invalid": ("Identifiant de demande invalide : un UUID est attendu.", "Invalid request id: a UUID is expected."),
    "date.invalid": ("Date invalide « {value} » : format RFC 3339 en UTC attendu (2026-11-26T15:00:00Z).", "Invalid date \"{value}\": RFC 3339 in UTC expected (2026-11-26T15:00:00Z)."),
    "derived.mismatch": ("Valeur calculée incohérente : {expected} attendu d'après le reste de la demande.", "Derived value inconsistent: {expected} expected from the rest of the request."),
    # Structure
    "structure.name.missing": ("Nom de la structure : à renseigner.", "Structure name: required."),
    "structure.kind.missing": ("Type de structure : à choisir.", "Kind of structure: required."),
    "structure.kind_other.missing": ("Type de structure « autre » : précisez lequel.", "Kind \"other\": say which."),
    "structure.kind_other.unexpected": ("La précision du type ne s'emploie qu'avec le type « autre ».", "The kind's detail is only used with kind \"other\"."),
    "structure.finess.invalid": ("Numéro FINESS invalide « {value} » : 9 caractères, les deux premiers étant le département (2A/2B pour la Corse).", "Invalid FINESS \"{value}\": 9 characters, the first two the département (2A/2B for Corsica)."),
    "structure.identifier.missing": (
        "Identifiant de la structure : à renseigner (SIRET, SIREN ou RPPS-rang). Dans l'Annuaire Santé, une BAL ORG "
        "est rattachée à l'identifiant national de sa structure : sans lui, l'opérateur ne peut pas la créer. "
        "Le SIRET (14 chiffres) et le SIREN (9 chiffres) figurent sur l'avis de situation au répertoire SIRENE "
        "de l'Insee ou sur annuaire-entreprises.data.gouv.fr ; un cabinet libéral sans SIRET peut donner le "
        "RPPS-rang d'un de ses professionnels (son RPPS suivi du rang de l'activité, indiqué dans l'Annuaire Santé).",
        "Structure identifier: required (SIRET, SIREN or RPPS-rang). In the Annuaire Santé an ORG mailbox is "
        "attached to its structure's national identifier: without it the operator cannot create it. The SIRET "
        "(14 digits) and SIREN (9 digits) are on the INSEE SIRENE registration notice or on "
        "annuaire-entreprises.data.gouv.fr; a private practice without a SIRET may give the RPPS-rang of one of "
        "its professionals (their RPPS followed by the activity's rank, shown in the Annuaire Santé).",
    ),
    "structure.identifier.invalid.SIRET": ("SIRET invalide « {value} » : 14 chiffres dont la clé de contrôle est vérifiée.", "Invalid SIRET \"{value}\": 14 digits with a valid check digit."),
    "structure.identifier.invalid.SIREN": ("SIREN invalide « {value} » : 9 chiffres dont la clé de contrôle est vérifiée.", "Invalid SIREN \"{value}\": 9 digits with a valid check digit."),
    "structure.identifier.invalid.RPPS_RANG": ("RPPS-rang invalide « {value} » : un RPPS valide (11 chiffres) suivi du rang (2 ou 3 chiffres).", "Invalid RPPS-rang \"{value}\": a valid RPPS (11 digits) followed by the rank (2 or 3 digits)."),
    "structure.address.lines.missing": ("Adresse : au moins une ligne (numéro et voie).", "Address: at least one line (number and street)."),
    "structure.address.postal_code.missing": ("Code postal : à renseigner.", "Postal code: required."),
    "structure.address.postal_code.invalid": ("Code postal invalide « {value} » : 5 chiffres.", "Invalid postal code \"{value}\": 5 digits."),
    "structure.address.postal_code.unknown": ("Code postal « {value} » : ne correspond à aucun département français.", "Postal code \"{value}\" matches no French département."),
    "structure.address.city.missing": ("Commune : à renseigner.", "City: required."),
    # Eligibility
    "eligibility.unanswered": ("Éligibilité, question sans réponse : « {question} »", "Eligibility, question unanswered: \"{question}\""),
    "eligibility.has_finess.inconsistent": ("Un numéro FINESS est saisi alors que la structure déclare ne pas en avoir.", "A FINESS number is entered although the structure says it has none."),
    "eligibility.finess.missing": ("La structure déclare un FINESS : saisissez-le.", "The structure says it has a FINESS: enter it."),
    "eligibility.outcome.no_rpps": ("Non éligible : la BAL ORG s'ouvre avec le numéro RPPS d'au moins un professionnel de la structure.", "Not eligible: a BAL ORG is opened with the RPPS number of at least one of the structure's professionals."),
    "eligibility.outcome.no_need": ("Sans besoin d'une BAL partagée pour échanger des données de santé, une BAL ORG n'est pas utile.", "Without a need for a shared mailbox to exchange health data, a BAL ORG is not needed."),
    "eligibility.outcome.finess_route": ("La structure a un FINESS : elle était déjà éligible à la BAL ORG par la voie classique ; la demande reste possible.", "The structure has a FINESS: it was already eligible through the classic BAL ORG route; the request remains possible."),
    "eligibility.consider_personal_mailbox_delegation": ("Un seul professionnel RPPS qui veut surtout donner accès à son équipe : une BAL personnelle avec délégation peut suffire.", "A single RPPS professional who mostly wants to give staff access: a personal BAL with delegation may do."),
    # People
    "people.empty": ("Ajoutez au moins un professionnel avec un numéro RPPS.", "Add at least one professional with an RPPS number."),
    "person.id.missing": ("Identifiant local manquant.", "Local id missing."),
    "person.id.duplicate": ("Identifiant local « {value} » en double.", "Local id \"{value}\" used twice."),
    "person.rpps.missing": ("Numéro RPPS : à renseigner.", "RPPS number: required."),
    "person.rpps.invalid": ("Numéro RPPS invalide « {value} » : 11 chiffres dont la clé de contrôle est vérifiée.", "Invalid RPPS number \"{value}\": 11 digits with a valid check digit."),
    "person.rpps.duplicate": ("Numéro RPPS « {value} » saisi pour deux personnes.", "RPPS number \"{value}\" given for two people."),
    "person.last_name.missing": ("Nom : à renseigner.", "Last name: required."),
    "person.first_name.missing": ("Prénom : à renseigner.", "First name: required."),
    "person.profession.missing": ("Profession : à choisir.", "Profession: required."),
    "person.profession.unknown": ("Code profession « {value} » inconnu (nomenclature TRE_G15).", "Unknown profession code \"{value}\" (TRE_G15)."),
    "person.profession.deprecated": ("Profession « {label} » ({value}) retirée de la nomenclature : à ne plus utiliser pour une nouvelle saisie.", "Profession \"{label}\" ({value}) is deprecated: not for new entries."),
    # Mailboxes and naming
    "mailbox.which": ("BAL n°{number} : {message}", "BAL no. {number}: {message}"),
    "mailboxes.empty": ("Ajoutez au moins une BAL ORG.", "Add at least one BAL ORG."),
    "mailbox.local_part.missing": ("Nom de la BAL (partie avant @) : à renseigner.", "Mailbox name (before @): required."),
    "mailbox.local_part.too_short": ("Nom de la BAL « {value} » trop court : {low} caractères au moins.", "Mailbox name \"{value}\" too short: at least {low} characters."),
    "mailbox.local_part.too_long": ("Nom de la BAL trop long : {high} caractères au plus.", "Mailbox name too long: at most {high} characters."),
    "mailbox.local_part.characters": ("Nom de la BAL « {value} » : seulement des minuscules sans accent, des chiffres et les séparateurs point, tiret et tiret bas (. - _).", "Mailbox name \"{value}\": only lowercase letters without accents, digits and the separators dot, dash and underscore (. - _)."),
    "mailbox.local_part.doubled": ("Nom de la BAL « {value} » : deux séparateurs de suite.", "Mailbox name \"{value}\": two separators in a row."),
    "mailbox.local_part.edges": ("Nom de la BAL « {value} » : doit commencer et finir par une lettre ou un chiffre.", "Mailbox name \"{value}\": must start and end with a letter or digit."),
    "mailbox.local_part.no_place": ("Aucun élément géographique distinctif (code postal, département ou commune) : la fiche le recommande pour éviter les confusions.", "No distinctive place (postal code, département or city): the sheet recommends one to avoid confusion."),
    "mailbox.local_part.generic": ("Nom « {value} » trop générique : ajoutez le nom de la structure ou de son activité.", "Name \"{value}\" too generic: add the structure's or its activity's name."),
    "mailbox.domain.missing": ("Domaine de l'opérateur : à renseigner (imposé par l'opérateur, sous mssante.fr).", "Operator's domain: required (set by the operator, under mssante.fr)."),
    "mailbox.domain.invalid": ("Domaine « {value} » invalide : un nom d'hôte sous mssante.fr est attendu (ex. : medecin.mssante.fr).", "Invalid domain \"{value}\": a host name under mssante.fr is expected (e.g. medecin.mssante.fr)."),
    "mailbox.address.too_long": ("Adresse trop longue : {high} caractères au plus.", "Address too long: at most {high} characters."),
    "mailbox.address.duplicate": ("Adresse « {value} » demandée deux fois.", "Address \"{value}\" requested twice."),
    "mailbox.address.exists": ("L'adresse « {value} » existe déjà dans l'annuaire.", "The address \"{value}\" already exists in the directory."),
    "mailbox.address.close": ("Adresse proche d'adresses existantes : {near}.", "Address close to existing ones: {near}."),
    # Roles
    "co_holders.empty": ("Désignez au moins un cotitulaire, le cotitulaire principal.", "Name at least one co-holder, the principal."),
    "co_holders.too_many": ("{count} cotitulaires : la fiche limite à {limit} cotitulaires par BAL.", "{count} co-holders: the sheet allows at most {limit} per BAL."),
    "co_holders.no_principal": ("Désignez le cotitulaire principal (responsable opérationnel, qui crée et supprime la BAL).", "Name the principal co-holder (operational lead, who creates and deletes the BAL)."),
    "co_holders.several_principals": ("Un seul cotitulaire principal par BAL.", "Only one principal co-holder per BAL."),
    "co_holders.single": ("Un seul cotitulaire : personne pour assurer la continuité en cas de remplacement.", "A single co-holder: nobody to ensure continuity during replacements."),
    "co_holder.person.unknown": ("Cotitulaire « {value} » absent de la liste des professionnels.", "Co-holder \"{value}\" is not in the list of professionals."),
    "co_holder.rpps.required": ("{name} : un cotitulaire doit avoir un numéro RPPS valide.", "{name}: a co-holder needs a valid RPPS number."),
    "co_holder.credential.required": ("{name} : un cotitulaire doit avoir une CPS ou une e-CPS.", "{name}: a co-holder needs a CPS or an e-CPS."),
    "co_holder.duplicate": ("« {value} » est déjà cotitulaire de cette BAL.", "\"{value}\" is already a co-holder of this BAL."),
    "co_holder.principal.appointed": ("Le cotitulaire principal n'est nommé par personne.", "The principal co-holder is appointed by nobody."),
    "co_holder.appointed_by.missing": ("Indiquez quel cotitulaire a nommé {name} cotitulaire.", "Say which co-holder appointed {name}."),
    "co_holder.appointed_by.not_co_holder": ("« {value} » n'est pas cotitulaire de cette BAL : seul un cotitulaire peut en nommer un autre.", "\"{value}\" is not a co-holder of this BAL: only a co-holder can appoint another."),
    "co_holder.appointed_by.self": ("Un cotitulaire ne peut pas se nommer lui-même.", "A co-holder cannot appoint themselves."),
    "co_holder.appointed_by.cycle": ("Les nominations tournent en rond : elles doivent remonter au cotitulaire principal.", "Appointments go round in a circle: they must lead back to the principal."),
    "delegate.last_name.missing": ("Nom du délégataire : à renseigner.", "Delegate's last name: required."),
    "delegate.first_name.missing": ("Prénom du délégataire : à renseigner.", "Delegate's first name: required."),
    "delegate.function.missing": ("Fonction du délégataire : à renseigner (ex. : secrétaire médical).", "Delegate's function: required (e.g. medical secretary)."),
    "delegate.rights.empty": ("Droits du délégataire : cochez au moins un droit (consulter, envoyer).", "Delegate's rights: tick at least one right (read, send)."),
    "delegate.delegated_by.empty": ("Indiquez le ou les cotitulaires qui délèguent.", "Say which co-holder(s) delegate."),
    "delegate.delegated_by.not_co_holder": ("« {value} » n'est pas cotitulaire de cette BAL : seul un cotitulaire peut déléguer.", "\"{value}\" is not a co-holder of this BAL: only a co-holder can delegate."),
    "delegate.is_co_holder": ("{name} est déjà cotitulaire de cette BAL : un cotitulaire n'en est pas aussi délégataire.", "{name} is already a co-holder of this BAL and cannot also be its delegate."),
    # Usage, acknowledgements, contacts
    "usage.exchanged.empty": ("Indiquez ce qui est échangé via cette BAL.", "Say what is exchanged through this BAL."),
    "usage.exchanged_other.missing": ("Précisez les autres échanges.", "Describe the other exchanges."),
    "usage.articulation.missing": ("Décrivez l'articulation avec les BAL personnelles MSSanté des professionnels.", "Describe how the BAL fits with the professionals' personal MSSanté mailboxes."),
    "usage.checklist.prerequisites_checked": ("Vérifiez que chaque professionnel a les prérequis d'accès de l'opérateur.", "Check that each professional has the operator's access prerequisites."),
    "usage.checklist.patients_informed": ("Pensez à informer les patients de l'usage d'une BAL partagée.", "Remember to inform patients that a shared mailbox is used."),
    "usage.checklist.partners_informed": ("Pensez à annoncer l'ouverture de la BAL aux partenaires externes.", "Remember to tell external partners the mailbox is open."),
    "ack.co_holder_responsibility": ("Les cotitulaires doivent reconnaître leur responsabilité sur les échanges et les accès qu'ils ouvrent.", "Co-holders must acknowledge their responsibility for exchanges and the accesses they open."),
    "ack.delegate_confidentiality": ("Des délégataires sont prévus : reconnaissez qu'ils n'accèdent aux données que sous la responsabilité d'un professionnel, tenus au secret professionnel.", "Delegates are planned: acknowledge they access data only under a professional's responsibility, bound by professional secrecy."),
    "contact.name.missing": ("Nom du contact : à renseigner.", "Contact name: required."),
    "contact.email.missing": ("E-mail du contact : à renseigner.", "Contact e-mail: required."),
    "advisor.name.missing": ("Nom du conseiller : à renseigner.", "Advisor's name: required."),
    "advisor.organisation.missing": ("Organisme du conseiller : à renseigner.", "Advisor's organisation: required."),
    # Export
    "export.blocked": ("Export impossible : {count} erreur(s) à corriger.", "Cannot export: {count} error(s) to fix."),
    # Facts from the imported public lists (wizard/model/facts.py)
    "person.directory.unknown": (
        "RPPS {rpps} absent de l'annuaire RPPS importé (liste du {date}) : vérifiez le numéro auprès de la personne.",
        "RPPS {rpps} is not in the imported RPPS directory (list of {date}): check the number with the person."),
    "person.directory.last_name": (
        "Nom différent de l'annuaire RPPS (liste du {date}), qui dit « {listed} » pour ce RPPS.",
        "Last name differs from the RPPS directory (list of {date}), which says \"{listed}\" for this RPPS."),
    "person.directory.first_name": (
        "Prénom différent de l'annuaire RPPS (liste du {date}), qui dit « {listed} » pour ce RPPS.",
        "First name differs from the RPPS directory (list of {date}), which says \"{listed}\" for this RPPS."),
    "person.directory.profession": (
        "Profession différente de l'annuaire RPPS (liste du {date}), qui dit « {listed} » ({number}) pour ce RPPS.",
        "Profession differs from the RPPS directory (list of {date}), which says \"{listed}\" ({number}) for this RPPS."),
    "person.directory.adeli": (
        "« {value} » est le numéro ADELI de {who} dans l'annuaire (liste du {date}) : un cotitulaire doit avoir un RPPS "
        "(11 chiffres), que l'annuaire ne donne pas pour cette personne.",
        "\"{value}\" is the ADELI number of {who} in the directory (list of {date}): a co-holder needs an RPPS "
        "(11 digits), which the directory does not give for this person."),
    "structure.directory.site": (
        "Ce SIRET est celui du site « {site} » ({address}) où exerce {who} selon l'annuaire RPPS (liste du {date}) : "
        "le nom ou l'adresse saisis diffèrent.",
        "This SIRET is the site \"{site}\" ({address}) where {who} works according to the RPPS directory (list of {date}): "
        "the name or address entered differ."),
    "mailbox.domain.unknown": (
        "Aucune BAL connue sous ce domaine ({domain}) dans la liste des adresses MSSanté (liste du {date}) : "
        "vérifiez-le auprès de votre opérateur.",
        "No known mailbox under this domain ({domain}) in the MSSanté address list (list of {date}): "
        "check it with your operator."),
}

LABELS: dict[str, tuple[str, str]] = {
    "kind.cabinet_infirmier": ("Cabinet infirmier", "Nursing practice"),
    "kind.cabinet_medical": ("Cabinet médical", "Medical practice"),
    "kind.cabinet_paramedical": ("Cabinet paramédical", "Paramedical practice"),
    "kind.reseau": ("Réseau de santé", "Care network"),
    "kind.association": ("Association", "Association"),
    "kind.sdis": ("SDIS (service d'incendie et de secours)", "Fire and rescue service (SDIS)"),
    "kind.administration": ("Administration, ministère", "Administration, ministry"),
    "kind.autre": ("Autre", "Other"),
    "exchanged.comptes_rendus": ("Comptes rendus", "Reports"),
    "exchanged.resultats_biologie": ("Résultats de biologie", "Lab results"),
    "exchanged.imagerie": ("Imagerie", "Imaging"),
    "exchanged.courriers": ("Courriers", "Letters"),
    "exchanged.ordonnances": ("Ordonnances", "Prescriptions"),
    "exchanged.coordination": ("Coordination des soins", "Care coordination"),
    "exchanged.administratif": ("Échanges administratifs", "Administrative exchanges"),
    "exchanged.autre": ("Autre", "Other"),
    "identifier.SIRET": ("SIRET", "SIRET"),
    "identifier.SIREN": ("SIREN", "SIREN"),
    "identifier.RPPS_RANG": ("RPPS-rang", "RPPS-rang"),
    "number.finess": ("Numéro FINESS", "FINESS number"),
    "number.postal_code": ("Code postal", "Postal code"),
    "right.read": ("Consulter", "Read"),
    "right.send": ("Envoyer", "Send"),
    "credential.cps": ("CPS", "CPS card"),
    "credential.e-cps": ("e-CPS", "e-CPS"),
    "question.needs_shared_mailbox": ("Avons-nous besoin d'une BAL partagée pour envoyer ou recevoir des données de santé ?", "Do we need a shared mailbox to send or receive health data?"),
    "question.has_finess": ("La structure a-t-elle un numéro FINESS ?", "Does the structure have a FINESS number?"),
    "question.has_rpps_professional": ("Avons-nous un ou plusieurs professionnels avec un numéro RPPS ?", "Do we have one or more professionals with an RPPS number?"),
    "outcome.eligible": ("Éligible à la BAL ORG sans FINESS", "Eligible for a BAL ORG without FINESS"),
    "outcome.finess_route": ("Voie classique : la structure a un FINESS", "Classic route: the structure has a FINESS"),
    "outcome.no_need": ("Pas de besoin d'une BAL partagée", "No need for a shared mailbox"),
    "outcome.no_rpps": ("Non éligible : aucun professionnel avec un RPPS", "Not eligible: no professional with an RPPS"),
    "advice.rpps_required": ("La BAL ORG s'ouvre avec le RPPS d'au moins un professionnel : sans RPPS, rapprochez-vous du GRADeS ou de l'Assurance Maladie.", "A BAL ORG is opened with at least one professional's RPPS: without one, contact the GRADeS or the Assurance Maladie."),
    "advice.no_shared_mailbox_needed": ("Sans échanges de données de santé à partager, chaque professionnel peut garder sa BAL personnelle.", "Without health data to share, each professional can keep their personal mailbox."),
    "advice.use_finess_route": ("Avec un FINESS, la structure peut demander une BAL ORG par la voie classique auprès de son opérateur.", "With a FINESS, the structure can ask its operator for a BAL ORG through the classic route."),
    "advice.consider_personal_mailbox_delegation": ("Un seul professionnel qui veut donner accès à son secrétariat : la délégation de sa BAL personnelle (PER) peut suffire. Le choix dépend de l'organisation et des usages.", "A single professional giving staff access: delegating their personal mailbox (PER) may do. The choice depends on the organisation and its uses."),
}
"""Labels of the format's enumerated values and advice codes."""

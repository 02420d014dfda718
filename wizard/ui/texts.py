"""Strings shared by every screen of the wizard: French first, English with ``--lang en``.

Each screen keeps the strings only it uses in its own ``_TEXT`` catalogue; what
several screens, the step bar or the App show lives here.
"""

from __future__ import annotations

from wizard.model.i18n import t

TEXT: dict[str, tuple[str, str]] = {
    "app.title": ("BAL ORG", "BAL ORG"),
    "app.subtitle": (
        "Demande d'ouverture d'une boîte aux lettres organisationnelle MSSanté",
        "Request to open an MSSanté organisational mailbox",
    ),
    # The steps: short names for the step bar, long titles for the screens.
    "step.home": ("Accueil", "Home"),
    "step.inform": ("Infos", "About"),
    "step.eligibility": ("Éligibilité", "Eligibility"),
    "step.structure": ("Structure", "Structure"),
    "step.roles": ("Rôles", "Roles"),
    "step.name": ("Nom", "Name"),
    "step.usage": ("Usage", "Usage"),
    "step.review": ("Export", "Export"),
    "title.home": ("Accueil", "Home"),
    "title.inform": ("S'informer sur la BAL ORG", "About the BAL ORG"),
    "title.eligibility": ("Sommes-nous éligibles ?", "Are we eligible?"),
    "title.structure": ("La structure", "The structure"),
    "title.roles": ("Rôles et responsabilités", "Roles and responsibilities"),
    "title.name": ("Choisir un nom de BAL explicite", "Choose an explicit mailbox name"),
    "title.usage": ("Organiser l'usage de la BAL", "Organise the use of the mailbox"),
    "title.review": ("Export", "Export"),
    "state.not_started": ("non commencée", "not started"),
    "state.incomplete": ("incomplète", "incomplete"),
    "state.errors": ("erreurs", "errors"),
    "state.complete": ("complète", "complete"),
    # Navigation
    "nav.back": ("◀ Précédent", "◀ Back"),
    "nav.next": ("Suivant ▶", "Next ▶"),
    "nav.back.key": ("Précédent", "Back"),
    "nav.next.key": ("Suivant", "Next"),
    "nav.help": ("Aide", "Help"),
    "nav.documents": ("Documents", "Documents"),
    "conflict.title": ("Brouillon modifié ailleurs", "Draft changed elsewhere"),
    "save.failed.title": ("Enregistrement impossible", "Could not save"),
    "quit.failed": ("{message}\n\nQuitter quand même ?", "{message}\n\nQuit anyway?"),
    "quit.anyway": ("Quitter", "Quit"),
    "quit.stay": ("Rester", "Stay"),
    "nav.quit": ("Quitter", "Quit"),
    "nav.palette": ("Commandes", "Commands"),
    "nav.save": ("Enregistrer", "Save"),
    "nav.blocked": (
        "Incomplète : {count} erreur(s) à corriger.",  # one line of the nav bar at 80 columns: never cut
        "Incomplete: {count} error(s) to fix.",
    ),
    "nav.ready": ("Étape complète.", "Step complete."),
    "nav.ready_warnings": ("Étape complète ({count} avertissement(s)).", "Step complete ({count} warning(s))."),
    "nav.not_reached": (
        "Étape pas encore atteinte : terminez d'abord les étapes précédentes.",
        "Step not reached yet: finish the previous steps first.",
    ),
    # Common widgets
    "select.prompt": ("Choisir…", "Select…"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "ok": ("Valider", "OK"),
    "cancel": ("Annuler", "Cancel"),
    "close": ("Fermer", "Close"),
    "edit": ("Modifier", "Edit"),
    "remove": ("Retirer", "Remove"),
    "findings.none": ("Aucun problème relevé.", "No problem found."),
    "findings.title": ("À corriger", "To fix"),
    "severity.error": ("Erreur", "Error"),
    "severity.warning": ("Attention", "Warning"),
    "help.title": ("Aide : {step}", "Help: {step}"),
    "help.panel": ("Panneau d'aide", "Help panel"),
    "help.more": ("F1 : aide détaillée", "F1: more help"),
    # Quit
    "quit.hint": ("Appuyez sur {key} pour quitter balorg.", "Press {key} to quit balorg."),
    "quit.hint.title": ("Quitter ?", "Quit?"),
    # Command palette
    "palette.placeholder": ("Chercher une commande…", "Search for commands…"),
    "palette.themes": ("Chercher un thème…", "Search for themes…"),
    "palette.no_matches": ("Aucune commande ne correspond", "No matches found"),
    "theme.dark": ("Thème sombre", "Dark theme"),
    "theme.light": ("Thème clair", "Light theme"),
    "cmd.goto": ("Aller à l'étape : {step}", "Go to step: {step}"),
    "cmd.goto.help": ("Ouvrir l'étape « {step} » de la demande", "Open the step \"{step}\" of the request"),
    "cmd.new": ("Nouvelle demande", "New request"),
    "cmd.new.help": ("Revenir à l'accueil pour commencer une nouvelle demande", "Back to Home to start a new request"),
    "cmd.save": ("Enregistrer le brouillon", "Save the draft"),
    "cmd.save.help": ("Enregistrer maintenant (les brouillons sont enregistrés automatiquement)",
                      "Save now (drafts are saved automatically)"),
    "cmd.export": ("Exporter la demande", "Export the request"),
    "cmd.export.help": ("Aller à l'étape Export pour relire et exporter le fichier de demande", "Go to the Export step to review and export the request file"),
    "cmd.quit": ("Quitter", "Quit"),
    "cmd.quit.help": ("Quitter balorg (le brouillon est enregistré d'abord)", "Quit balorg (the draft is saved first)"),
    "cmd.theme": ("Changer de thème", "Change theme"),
    "cmd.theme.help": ("Choisir un thème clair ou sombre", "Choose a light or dark theme"),
    "cmd.help": ("Aide de l'étape", "Help for this step"),
    "cmd.help.help": ("Afficher l'aide détaillée de l'étape en cours", "Show the detailed help of the current step"),
    "cmd.screenshot": ("Capture d'écran", "Screenshot"),
    "cmd.screenshot.help": ("Enregistrer une capture SVG de l'écran, lisible par vous seul", "Save an SVG screenshot of the screen, readable by you alone"),
    "screenshot.done": ("Capture d'écran enregistrée (lisible par vous seul) : {path}", "Screenshot saved (readable by you alone): {path}"),
    "screenshot.failed": ("Capture d'écran impossible dans {path} : {reason}", "Cannot save the screenshot in {path}: {reason}"),
    "cmd.no_draft": ("Aucune demande en cours : commencez depuis l'accueil.", "No request in progress: start from Home."),
}
"""Shared strings: ``key -> (fr, en)``."""


def tr(key: str, /, **params: object) -> str:
    """The shared string `key` in the language in force."""
    return t(TEXT, key, **params)

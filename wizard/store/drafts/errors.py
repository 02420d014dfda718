"""What can go wrong with the draft store, in words a user understands (French first).

Every failure the UI or the CLI may show is a :class:`StoreError` (or a
subclass) carrying a catalogue `code` and a ready-to-show `message`; problems
found while opening the store (and repaired or worked around) are
:class:`StoreProblem` values in ``DraftStore.problems``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.model.i18n import t

MESSAGES: dict[str, tuple[str, str]] = {
    "store.unavailable": (
        "Le dossier des brouillons {path} est inaccessible ({reason}). L'assistant fonctionne, mais vos "
        "brouillons ne peuvent pas être enregistrés : vérifiez les droits du dossier ou choisissez-en un "
        "autre avec --data-dir.",
        "The drafts folder {path} cannot be used ({reason}). The wizard works, but your drafts cannot be "
        "saved: check the folder's permissions or choose another one with --data-dir.",
    ),
    "store.read_only": (
        "Le dossier des brouillons {path} est en lecture seule ({reason}) : vous pouvez consulter les "
        "brouillons, mais pas les enregistrer. Choisissez un autre dossier avec --data-dir.",
        "The drafts folder {path} is read-only ({reason}): you can view the drafts but not save them. "
        "Choose another folder with --data-dir.",
    ),
    "store.busy": (
        "Les brouillons sont occupés par un autre processus balorg depuis plus de {seconds} s ; réessayez.",
        "The drafts are held by another balorg process for more than {seconds} s; try again.",
    ),
    "store.write_failed": (
        "Impossible d'enregistrer le brouillon dans {path} : {reason}. Vos saisies sont gardées en mémoire ; "
        "libérez de la place ou corrigez les droits, l'enregistrement reprendra.",
        "Cannot save the draft in {path}: {reason}. What you typed is kept in memory; free some space or "
        "fix the permissions, and saving will resume.",
    ),
    "store.index_damaged": (
        "L'index des brouillons était illisible ; il a été mis de côté dans {aside} et reconstruit à partir "
        "des brouillons.",
        "The drafts index could not be read; it was moved aside to {aside} and rebuilt from the drafts.",
    ),
    "store.index_unreadable": (
        "L'index des brouillons {path} est illisible ({reason}) ; le dossier étant en lecture seule, il n'a pas "
        "été modifié, et la liste est lue directement dans les brouillons.",
        "The drafts index {path} cannot be read ({reason}); as the folder is read-only it was not changed, and "
        "the list is read from the drafts themselves.",
    ),
    "store.draft_damaged": (
        "Le brouillon {id} était illisible ({reason}) ; le fichier a été mis de côté dans {aside}, sans "
        "être modifié.",
        "Draft {id} could not be read ({reason}); the file was moved aside to {aside}, unchanged.",
    ),
    "store.draft_unreadable": (
        "Le brouillon {id} est illisible ({reason}) ; le fichier {path} n'a pas été modifié.",
        "Draft {id} cannot be read ({reason}); the file {path} was not changed.",
    ),
    "store.permissions_fixed": (
        "Le dossier des brouillons {path} était lisible par d'autres utilisateurs ; ses droits ont été "
        "restreints à vous seul.",
        "The drafts folder {path} was readable by other users; its permissions were restricted to you alone.",
    ),
    "store.data_dir_fixed": (
        "Le dossier de données {path} était accessible à d'autres utilisateurs ; ses droits ont été "
        "restreints à vous seul (il contient vos brouillons et l'annuaire importé).",
        "The data folder {path} was open to other users; its permissions were restricted to you alone (it holds "
        "your drafts and the imported directory).",
    ),
    "store.data_dir_open": (
        "Le dossier de données {path} est partagé avec d'autres utilisateurs : vos brouillons y restent dans un "
        "sous-dossier privé, mais choisissez plutôt un dossier à vous (--data-dir).",
        "The data folder {path} is shared with other users: your drafts stay in a private sub-folder there, but "
        "rather choose a folder of your own (--data-dir).",
    ),
    "draft.not_found": (
        "Aucun brouillon « {id} ». « balorg drafts » les liste.",
        "No draft '{id}'. 'balorg drafts' lists them.",
    ),
    "draft.ambiguous": (
        "« {id} » désigne plusieurs brouillons ({ids}) : donnez plus de caractères.",
        "'{id}' matches several drafts ({ids}): give more characters.",
    ),
    "draft.read_only": (
        "Ce brouillon a été exporté le {at} dans {path} : il n'est plus modifiable. Rouvrez-le comme "
        "nouveau brouillon pour le changer.",
        "This draft was exported on {at} to {path}: it can no longer be changed. Reopen it as a new draft "
        "to change it.",
    ),
    "draft.trashed": (
        "Ce brouillon est dans la corbeille : restaurez-le d'abord.",
        "This draft is in the trash: restore it first.",
    ),
    "draft.conflict": (
        "Ce brouillon a été modifié par un autre processus balorg (à {at}) pendant que vous l'éditiez. "
        "Gardez votre version, prenez l'autre, ou enregistrez la vôtre comme nouveau brouillon.",
        "This draft was changed by another balorg process (at {at}) while you were editing it. Keep your "
        "version, take the other one, or save yours as a new draft.",
    ),
    "draft.deleted_elsewhere": (
        "Ce brouillon a été supprimé définitivement par un autre processus balorg pendant que vous l'éditiez. "
        "Enregistrez votre version comme nouveau brouillon pour la garder.",
        "This draft was deleted for good by another balorg process while you were editing it. Save your "
        "version as a new draft to keep it.",
    ),
    "draft.rescued": (
        "Le brouillon n'a pas pu être enregistré ; une copie de secours a été écrite dans {path} "
        "(« balorg drafts import {path} » pour la reprendre).",
        "The draft could not be saved; a rescue copy was written to {path} "
        "('balorg drafts import {path}' to take it back).",
    ),
    "store.index_set_aside": (
        "L'index des brouillons {path} n'était pas un fichier ordinaire ({reason}) ; il a été mis de côté dans "
        "{aside}, sans être modifié, et l'index a été reconstruit à partir des brouillons.",
        "The drafts index {path} was not a regular file ({reason}); it was moved aside to {aside}, unchanged, "
        "and the index was rebuilt from the drafts.",
    ),
    "store.cache_set_aside": (
        "Le cache de l'index des brouillons {path} n'était pas un fichier ordinaire ({reason}) ; il a été mis de "
        "côté dans {aside}, sans être modifié (ce n'est qu'un cache : il est recréé).",
        "The drafts index cache {path} was not a regular file ({reason}); it was moved aside to {aside}, "
        "unchanged (it is only a cache: it is made again).",
    ),
    "store.lock_set_aside": (
        "Le fichier de verrou des brouillons {path} n'était pas un fichier ordinaire ({reason}) ; il a été mis "
        "de côté dans {aside}, sans être modifié, et recréé.",
        "The drafts lock file {path} was not a regular file ({reason}); it was moved aside to {aside}, "
        "unchanged, and made again.",
    ),
    "store.folder_set_aside": (
        "{path} devrait être un dossier des brouillons, mais {reason} ; il a été mis de côté dans {aside}, sans "
        "être modifié, et le dossier recréé.",
        "{path} should be a drafts folder, but {reason}; it was moved aside to {aside}, unchanged, and the "
        "folder made again.",
    ),
    "store.index_entries_repaired": (
        "L'index des brouillons {path} avait {count} ligne(s) invalide(s) ({ids}) ; elles ont été refaites à "
        "partir des brouillons eux-mêmes.",
        "The drafts index {path} had {count} invalid line(s) ({ids}); they were made again from the drafts "
        "themselves.",
    ),
    "reason.dangling_link": (
        "c'est un lien symbolique vers {target}, qui n'existe pas",
        "it is a symbolic link to {target}, which does not exist",
    ),
    "reason.not_a_folder": ("c'est un fichier, pas un dossier", "it is a file, not a folder"),
    "reason.not_json": ("ce n'est pas du JSON valide ({detail})", "it is not valid JSON ({detail})"),
    "reason.not_a_record": ("ce n'est pas un brouillon (un objet JSON est attendu)", "it is not a draft (a JSON object is expected)"),
    "reason.too_deep": ("JSON imbriqué trop profondément", "JSON nested too deeply"),
    "reason.missing_key": ("la clé « {key} » manque", "the key '{key}' is missing"),
    "reason.unknown_key": ("clé inconnue « {key} »", "unknown key '{key}'"),
    "reason.wrong_key": ("« {key} » est {got} au lieu {want}", "'{key}' is {got} instead {want}"),
    "reason.too_new": (
        "format {found} plus récent que celui de cette version de balorg ({current}) : mettez balorg à jour",
        "format {found} is newer than this balorg's ({current}): update balorg",
    ),
    "reason.invalid_fields": ("{count} champ(s) invalide(s), dont {where}", "{count} invalid field(s), among them {where}"),
    "want.count": ("d'un nombre entier positif ou nul", "of a whole number, zero or more"),
    "want.text": ("d'un texte", "of a text"),
    "want.text_or_null": ("d'un texte ou de null", "of a text or null"),
    "want.object": ("d'un objet JSON", "of a JSON object"),
    "want.format": ("d'un numéro de format (nombre entier)", "of a format number (whole number)"),
    "want.step": ("d'une étape de l'assistant ({steps})", "of a wizard step ({steps})"),
    "want.stamp": ("d'une date UTC AAAA-MM-JJTHH:MM:SSZ (ou \"\")", "of a UTC date YYYY-MM-DDTHH:MM:SSZ (or \"\")"),
    "want.stamp_or_null": ("d'une date UTC AAAA-MM-JJTHH:MM:SSZ ou de null", "of a UTC date YYYY-MM-DDTHH:MM:SSZ or null"),
    "want.exported": ("de null ou d'un objet avec « path » (texte) et « at » (date)", "of null or an object with 'path' (text) and 'at' (date)"),
    "kind.str": ("un texte", "a text"),
    "kind.int": ("un nombre entier", "a whole number"),
    "kind.float": ("un nombre décimal", "a decimal number"),
    "kind.bool": ("un booléen", "a boolean"),
    "kind.list": ("une liste", "a list"),
    "kind.dict": ("un objet", "an object"),
    "kind.null": ("null", "null"),
    "kind.value": ("la valeur {value}", "the value {value}"),
    "draft.untitled": ("Brouillon sans nom", "Untitled draft"),
    "choice.keep_mine": ("Garder ma version", "Keep my version"),
    "choice.take_theirs": ("Prendre l'autre version", "Take the other version"),
    "choice.save_as_new": ("Enregistrer la mienne comme nouveau brouillon", "Save mine as a new draft"),
}

def reason(exc: BaseException) -> str:
    """A short French (or English) reason for an OS error (:func:`wizard.fileio.os_reason`)."""
    from wizard.fileio import os_reason

    return os_reason(exc)


def message(code: str, **params: Any) -> str:
    """The catalogue message `code` in the language in force."""
    return t(MESSAGES, code, **params)


class StoreError(Exception):
    """A store operation failed; `message` says why to the user. Nothing was half-written."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = message(code, **params)
        super().__init__(self.message)


class DraftNotFound(StoreError, KeyError):
    """No draft with that id (or prefix)."""

    def __str__(self) -> str:
        return self.message


class ReadOnlyDraft(StoreError):
    """The draft was exported: it is kept as it was sent."""


class ConflictError(StoreError):
    """Another process saved the draft since it was loaded.

    Attributes:
        draft_id: the draft.
        theirs: the other process's version as a summary, or None when it deleted the draft for good.
        choices: what the user may do, as ``(key, label)``: ``keep_mine`` (``store.save(draft,
            force=True)``), ``take_theirs`` (``store.load(draft_id)``), ``save_as_new``
            (``store.save_as_new(draft)``).
    """

    def __init__(self, draft_id: str, theirs: Any | None) -> None:
        self.draft_id = draft_id
        self.theirs = theirs
        if theirs is None:
            super().__init__("draft.deleted_elsewhere")
            keys: tuple[str, ...] = ("save_as_new",)
        else:
            super().__init__("draft.conflict", at=theirs.updated_at)
            keys = ("keep_mine", "take_theirs", "save_as_new")
        self.choices = [(key, message(f"choice.{key}")) for key in keys]


@dataclass(frozen=True)
class StoreProblem:
    """Something found wrong when opening the store, already dealt with; show `message` once.

    Attributes:
        code: catalogue code (``store.index_damaged``...).
        message: what to tell the user, in the language in force.
        path: the file or folder concerned (the moved-aside copy when there is one).
    """

    code: str
    message: str
    path: str = ""

    @classmethod
    def make(cls, code: str, where: object = "", /, **params: Any) -> StoreProblem:
        """A problem whose message comes from the catalogue; `where` is the file or folder concerned."""
        return cls(code, message(code, **params), str(where))

"""The import form: a document pasted, or a file chosen. What the document says is checked
by agents_ui.transfer.read_document; this form checks only how it arrives."""

from __future__ import annotations

from typing import Any

from django import forms

from agents_ui.transfer import MAX_DOCUMENT_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


TOO_BIG = (
    "This document is {size}; Switchboard imports documents of up to 5 MB. Split it into "
    "smaller documents, each with some of the agents."
)


class ImportForm(forms.Form):
    document = forms.CharField(
        label="Paste the document (JSON)",
        required=False,
        strip=False,
        widget=forms.Textarea(
            # Lines as the document has them, unwrapped: problems are said by line.
            attrs={
                "rows": 14,
                "class": "code",
                "wrap": "off",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        help_text="The whole text of a Switchboard export, from its first { to its last }.",
    )
    file = forms.FileField(
        label="Or choose the exported file (.json)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        help_text="Up to 5 MB.",
        error_messages={"empty": "This file is empty. Choose the file that Export saved."},
    )

    def clean_document(self) -> str:
        text = self.cleaned_data["document"]
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(TOO_BIG.format(size=_megabytes(size)))
        return text

    def clean_file(self) -> str:
        """The file's text ("" when no file was chosen)."""
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(TOO_BIG.format(size=_megabytes(upload.size)))
        try:
            # utf-8-sig: some editors start a saved file with a byte-order mark.
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "Switchboard cannot read this file as text (UTF-8). Choose the file that "
                "Export saved, or paste its text in the box above."
            ) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        pasted = cleaned.get("document") or ""
        uploaded = cleaned.get("file") or ""
        if pasted.strip() and uploaded:
            self.add_error(
                "file",
                "Give the document one way: paste it or choose its file, not both. Empty the "
                "box above to use the file.",
            )
        elif not pasted.strip() and not uploaded:
            self.add_error("document", "Paste the document here, or choose its file below.")
        return cleaned

    @property
    def text(self) -> str:
        """The document's text (call is_valid() first)."""
        return self.cleaned_data.get("file") or self.cleaned_data.get("document") or ""

    @property
    def from_file(self) -> bool:
        return bool(self.cleaned_data.get("file"))

    @property
    def file_name(self) -> str:
        upload = self.files.get(self.add_prefix("file"))
        return str(getattr(upload, "name", "") or "")

"""The admin's import page: upload files or paste text, preview the parse, then import.

The preview stores nothing. The bytes to import wait in the editor's session (database-
backed, so any web worker can finish the import) until they confirm or start over.
"""

import base64
import datetime as dt
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .ingest.pipeline import ingest, prepare

SESSION_KEY = "newsroom_pending_import"
MAX_FILES = 20
PASTED_NAME = "粘贴文本.txt"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="稿件文件",
        required=False,
        allow_empty_file=True,  # decode() says "文件为空" like it does on the command line
        help_text="可多选：.txt（UTF-8、GB18030、UTF-16）或 .docx。",
    )
    text = forms.CharField(
        label="或粘贴文本",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
    )
    issue_date = forms.DateField(
        label="刊期",
        initial=dt.date.today,
        help_text="报纸出版日期，用于推算“5月21日”“近日”等日期。",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    publish = forms.BooleanField(label="导入后直接发布", required=False)

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if not files and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴文本。")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件。")
        limit = settings.NEWSROOM_MAX_BULLETIN_BYTES
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"文件“{upload.name}”超过大小限制（{limit // (1024 * 1024)} MB）。"
                )
        return cleaned

    def sources(self) -> list[tuple[str, bytes]]:
        items = [(upload.name, upload.read()) for upload in self.cleaned_data["files"]]
        text = self.cleaned_data.get("text") or ""
        if text.strip():
            items.append((PASTED_NAME, text.encode("utf-8")))
        return items


def import_view(request, admin_site):
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    context = {
        **admin_site.each_context(request),
        "title": "导入稿件",
        "max_mb": settings.NEWSROOM_MAX_BULLETIN_BYTES // (1024 * 1024),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        issue_date = form.cleaned_data["issue_date"]
        sources = form.sources()
        outcomes = [prepare(raw, name, issue_date) for name, raw in sources]
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "issue_date": issue_date.isoformat(),
            "publish": form.cleaned_data["publish"],
            "items": [
                {"name": name, "raw": base64.b64encode(raw).decode("ascii")}
                for (name, raw), outcome in zip(sources, outcomes, strict=True)
                if outcome.ok
            ],
        }
        context.update(
            form=form, outcomes=outcomes, token=token, importable=sum(o.ok for o in outcomes)
        )
        return TemplateResponse(request, "admin/articles/bulletin/import_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "admin/articles/bulletin/import.html", context)


def _confirm(request, context):
    pending = request.session.get(SESSION_KEY)
    if pending and pending.get("publish") and not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(request, "预览已过期或已导入，请重新选择文件。")
        return redirect("admin:articles_bulletin_import")
    del request.session[SESSION_KEY]
    issue_date = dt.date.fromisoformat(pending["issue_date"])
    outcomes = [
        ingest(
            base64.b64decode(item["raw"]),
            item["name"],
            issue_date,
            user=request.user,
            publish=pending["publish"],
        )
        for item in pending["items"]
    ]
    context.update(outcomes=outcomes, finished_at=timezone.now())
    return TemplateResponse(request, "admin/articles/bulletin/import_done.html", context)

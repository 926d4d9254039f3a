"""Login lockout (django-axes): the login page again, saying why and until when."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    cool_off = get_cool_off(request) or timedelta(minutes=15)
    until = timezone.localtime(timezone.now() + cool_off)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    message = (
        "Too many failed log-in attempts, so this account is locked for now. "
        f"Try again after {until:%H:%M} ({minutes} minutes from now)."
    )
    form = AuthenticationForm(request, data=None)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form.initial["username"] = username
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": message},
        status=429,
    )

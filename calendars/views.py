"""The calendars pages: /account/calendars/ lists the connections and adds one;
/account/calendars/<id>/ changes one (busy calendars, sessions, password), syncs, resumes
and disconnects it. Plain forms answered with a redirect: no JavaScript needed.

A service's refusal is shown by its field, as the API names it; nothing is saved then."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from calendars.forms import (
    CaldavConnectForm,
    ConnectionSettingsForm,
    DisconnectForm,
    IcsConnectForm,
    PasswordForm,
)
from calendars.models import CalendarConnection, ConnectionKind
from calendars.selectors import calendar_connection_get, calendar_connections_list
from calendars.services.connect import calendar_connection_create
from calendars.services.disconnect import calendar_connection_delete
from calendars.services.sync_request import calendar_sync_request
from calendars.services.update import calendar_connection_update
from config.refusal import Refusal


def _show_refusal(form: forms.Form, refusal: Refusal) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def _index(
    request: HttpRequest, *, ics_form: IcsConnectForm | None = None, caldav_form: CaldavConnectForm | None = None
) -> HttpResponse:
    context = {
        "connections": list(calendar_connections_list(user=request.user)),
        "ics_form": ics_form or IcsConnectForm(prefix="ics"),
        "caldav_form": caldav_form or CaldavConnectForm(prefix="caldav"),
    }
    return render(request, "calendars/index.html", context, status=400 if ics_form or caldav_form else 200)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def connect_ics(request: HttpRequest) -> HttpResponse:
    return _connect(request, ConnectionKind.ICS)


@login_required
@require_POST
def connect_caldav(request: HttpRequest) -> HttpResponse:
    return _connect(request, ConnectionKind.CALDAV)


def _connect(request: HttpRequest, kind: str) -> HttpResponse:
    form: IcsConnectForm | CaldavConnectForm
    if kind == ConnectionKind.ICS:
        form = IcsConnectForm(request.POST, prefix="ics")
    else:
        form = CaldavConnectForm(request.POST, prefix="caldav")
    if form.is_valid():
        try:
            connection = calendar_connection_create(user=request.user, kind=kind, **form.cleaned_data)
        except Refusal as exc:
            _show_refusal(form, exc)
        else:
            if kind == ConnectionKind.ICS:
                imported = connection.events_imported
                messages.success(request, f"“{connection.name}” is connected: {imported} busy times imported.")
                return redirect("calendars:index")
            messages.success(request, f"“{connection.name}” is connected. Choose the calendars that count as busy.")
            return redirect("calendars:detail", connection_id=connection.pk)
    if isinstance(form, IcsConnectForm):
        return _index(request, ics_form=form)
    return _index(request, caldav_form=form)


def _detail(
    request: HttpRequest, connection: CalendarConnection, *, status: int = 200, **forms_given: Any
) -> HttpResponse:
    context = {
        "connection": connection,
        "settings_form": forms_given.get("settings_form")
        or ConnectionSettingsForm(connection=connection, initial=ConnectionSettingsForm.initial_for(connection)),
        "password_form": forms_given.get("password_form") or PasswordForm(),
        "disconnect_form": DisconnectForm(),
    }
    return render(request, "calendars/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = calendar_connection_get(user=request.user, connection_id=connection_id)
    if request.method != "POST":
        return _detail(request, connection)
    form = ConnectionSettingsForm(request.POST, connection=connection)
    if form.is_valid():
        try:
            calendar_connection_update(connection=connection, **form.cleaned_data)
        except Refusal as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, "Calendar settings saved.")
            return redirect("calendars:detail", connection_id=connection.pk)
    return _detail(request, connection, settings_form=form, status=400)


@login_required
@require_POST
def password(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = calendar_connection_get(user=request.user, connection_id=connection_id)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            calendar_connection_update(connection=connection, password=form.cleaned_data["password"])
        except Refusal as exc:
            _show_refusal(form, exc)
        else:
            messages.success(request, "New password saved: the server accepted it.")
            return redirect("calendars:detail", connection_id=connection.pk)
    return _detail(request, connection, password_form=form, status=400)


@login_required
@require_POST
def sync(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = calendar_connection_get(user=request.user, connection_id=connection_id)
    try:
        calendar_sync_request(connection=connection)
    except Refusal as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Sync started. The counts below update when it is done.")
    if request.POST.get("next") == "index":
        return redirect("calendars:index")
    return redirect("calendars:detail", connection_id=connection.pk)


@login_required
@require_POST
def resume(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = calendar_connection_get(user=request.user, connection_id=connection_id)
    calendar_connection_update(connection=connection, is_paused=False)
    messages.success(request, "Syncing resumed.")
    return redirect("calendars:detail", connection_id=connection.pk)


@login_required
@require_POST
def disconnect(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = calendar_connection_get(user=request.user, connection_id=connection_id)
    form = DisconnectForm(request.POST)
    keep = form.is_valid() and form.cleaned_data["keep_events"]
    outcome = calendar_connection_delete(connection=connection, keep_events=keep)
    messages.success(request, outcome.message)
    return redirect("calendars:index")

"""The emulator of the Agents API, independent of Django's request and response objects.

`handle()` takes a request as plain values (path relative to /v1) and returns a
`SandboxResponse`; the in-process httpx transport and the HTTP view are thin adapters around
it, so both answer exactly alike. Each request runs in its own transaction on the sandbox's
database alias; an error raised anywhere in it rolls everything back.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlencode

from django.db import IntegrityError, transaction

from sandbox import faults
from sandbox.keys import team_for_key
from sandbox.models import (
    PHONE_NUMBER_FIELDS,
    Agent,
    PhoneNumber,
    Team,
    creation_timestamp,
    isoformat,
)
from sandbox.validation import (
    UNCHANGED,
    ApiError,
    bad_request,
    check_storable,
    is_storable_text,
    validate_agent_patch,
    validate_new_agent,
    validate_new_phone_number,
    validate_phone_number_patch,
)

logger = logging.getLogger(__name__)

SANDBOX_DB = "sandbox"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000
# Random picks before an area code counts as exhausted; 10 million numbers make a miss rare.
PURCHASE_ATTEMPTS = 50
JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class SandboxResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    # When the answer may leave (time.monotonic()): the configured latency after the request
    # arrived. The adapters wait for it after their own last step (see `handle`).
    ready_at: float = 0.0

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Call:
    """One authenticated request, as a handler sees it."""

    team: Team
    params: dict[str, list[str]]
    body: bytes
    object_id: str | None


def handle(
    method: str,
    path: str,
    query: Mapping[str, list[str]] | str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    read_timeout: float | None = None,
) -> SandboxResponse:
    """Answer one request to the Agents API. `path` is relative to /v1, e.g. "/agents".

    A configured latency (SANDBOX_LATENCY_MS, `faults.set_latency`) is how long the sandbox
    takes to answer, as an upstream that "answers in 100 ms" does: the answer carries
    `ready_at`, that long after the request arrived, and the adapter hands it over no
    sooner (`faults.wait_until`), after its own last step (the HTTP view compresses first).
    Work that takes longer than the latency delays the answer further.

    `read_timeout` (seconds) is how long the caller waits: a configured latency longer than
    that ends as a timeout, before anything is written, as it would over a network.
    Injected "timeout" and "disconnect" faults raise `faults.SimulatedTimeout` /
    `faults.SimulatedDisconnect` for the adapter to turn into what its caller would see.
    """
    arrived = time.monotonic()
    method = method.upper()
    path = "/" + path.lstrip("/")
    query_string, params = _parse_query(query)
    faults.record_request(method, f"{path}?{query_string}" if query_string else path)
    latency = faults.latency_ms() / 1000
    if read_timeout is not None and latency > read_timeout:
        time.sleep(read_timeout)
        raise faults.SimulatedTimeout
    answer = _answer(method, path, params, headers, body)
    return replace(answer, ready_at=arrived + latency)


def _answer(
    method: str, path: str, params: dict[str, list[str]], headers: Mapping[str, str], body: bytes
) -> SandboxResponse:
    fault = faults.take_fault(method, path)
    if fault is not None:
        return _injected(fault)
    try:
        with transaction.atomic(using=SANDBOX_DB):
            return _dispatch(method, path, params, headers, body)
    except ApiError as error:
        return error_response(error)
    except Exception:
        logger.exception("The sandbox failed on %s %s", method, path)
        return error_response(ApiError(500, "The sandbox failed to handle this request."))


def error_response(error: ApiError) -> SandboxResponse:
    try:
        code = HTTPStatus(error.status).name
    except ValueError:
        code = f"HTTP_{error.status}"
    payload: dict[str, Any] = {"code": code, "error": error.message}
    if error.field is not None:
        payload["field"] = error.field
    return _json(error.status, payload, extra_headers=error.headers)


def _json(
    status: int, payload: Any, extra_headers: Mapping[str, str] | None = None
) -> SandboxResponse:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return SandboxResponse(status, body, {**JSON_HEADERS, **(extra_headers or {})})


def _no_content() -> SandboxResponse:
    return SandboxResponse(204, b"", {})


def _parse_query(query: Mapping[str, list[str]] | str) -> tuple[str, dict[str, list[str]]]:
    if isinstance(query, str):
        query = query.lstrip("?")
        return query, parse_qs(query, keep_blank_values=True)
    params = {key: list(values) for key, values in query.items()}
    return urlencode(params, doseq=True), params


def _injected(fault: faults.Fault) -> SandboxResponse:
    if fault.kind == "timeout":
        raise faults.SimulatedTimeout
    if fault.kind == "disconnect":
        raise faults.SimulatedDisconnect
    if fault.kind == "malformed":
        return SandboxResponse(200, faults.MALFORMED_BODY, dict(JSON_HEADERS))
    return error_response(
        ApiError(
            fault.status,
            "The sandbox was told to fail this request (injected fault).",
            headers=fault.headers,
        )
    )


# --- Authentication and routing -----------------------------------------------------------


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _authenticate(headers: Mapping[str, str]) -> Team:
    unauthorized = {"WWW-Authenticate": 'Bearer realm="sandbox"'}
    authorization = (_header(headers, "authorization") or "").strip()
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(
            401,
            "No API key was sent. Send it as the header Authorization: Bearer <key>.",
            headers=unauthorized,
        )
    found = team_for_key(token) if is_storable_text(token) else None
    if found is None:
        raise ApiError(401, "The API key is not valid.", headers=unauthorized)
    team, api_key = found
    if not api_key.agent_access:
        raise ApiError(403, "This API key does not have agent access.")
    return team


Handler = Callable[[Call], SandboxResponse]


def _dispatch(
    method: str,
    path: str,
    params: dict[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> SandboxResponse:
    team = _authenticate(headers)
    methods, object_id = _route(path)
    handler = methods.get(method)
    if handler is None:
        allowed = ", ".join(methods)
        raise ApiError(
            405, f"{method} is not allowed here; use {allowed}.", headers={"Allow": allowed}
        )
    return handler(Call(team=team, params=params, body=body, object_id=object_id))


def _route(path: str) -> tuple[dict[str, Handler], str | None]:
    trimmed = path[:-1] if path.endswith("/") and len(path) > 1 else path
    parts = trimmed.split("/")[1:]
    resource = ROUTES.get(parts[0]) if parts else None
    if resource is not None and len(parts) == 1:
        return resource[0], None
    if resource is not None and len(parts) == 2 and parts[1]:
        if not is_storable_text(parts[1]):
            # No stored id has such characters, and some databases refuse to compare them.
            raise ApiError(404, f"There is nothing at {path!r}.")
        return resource[1], parts[1]
    raise ApiError(404, f"There is no endpoint at {path}.")


# --- Request helpers ----------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class _NumberOutOfRange(ValueError):
    pass


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999: valid JSON, but no JSON encoder can write it back
        raise _NumberOutOfRange(text)
    return number


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(
            body.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float
        )
    except _NumberOutOfRange:
        raise ApiError(400, "The request body has a number too large to store.") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    check_storable(value)
    return value


def _limit(params: dict[str, list[str]]) -> int:
    values = params.get("limit")
    if not values:
        return DEFAULT_LIMIT
    text = values[-1]
    if len(values) > 1 or not text.isascii() or not text.isdigit():
        raise bad_request("limit", f"must be a whole number from 1 to {MAX_LIMIT:,}")
    limit = int(text)
    if not 1 <= limit <= MAX_LIMIT:
        raise bad_request("limit", f"must be a whole number from 1 to {MAX_LIMIT:,}")
    return limit


def _agent(call: Call, *, for_update: bool = False) -> Agent:
    agents = Agent.objects.filter(team=call.team, pk=call.object_id)
    # Another team's agent answers exactly like a missing one.
    agent = (agents.select_for_update() if for_update else agents).first()
    if agent is None:
        raise ApiError(404, f"Agent {call.object_id} was not found.")
    return agent


def _phone_number(team: Team, phone_number_id: str, *, field: str | None = None) -> PhoneNumber:
    phone = PhoneNumber.objects.select_for_update().filter(team=team, pk=phone_number_id).first()
    if phone is None:
        raise ApiError(404, f"Phone number {phone_number_id} was not found.", field=field)
    return phone


# --- Agents -------------------------------------------------------------------------------


def agent_list(call: Call) -> SandboxResponse:
    limit = _limit(call.params)
    rows = list(
        Agent.objects.filter(team=call.team)
        .order_by("created_at", "agent_id")
        .values_list("agent_id", "document")[:limit]
    )
    # Each agent's answer is stored with it (Agent.document); the few a queryset update()
    # left without one are rendered from their fields.
    missing = [agent_id for agent_id, document in rows if document is None]
    rendered = {agent.pk: agent.api_json() for agent in Agent.objects.filter(pk__in=missing)}
    items = ",".join(document or rendered[agent_id] for agent_id, document in rows)
    return SandboxResponse(200, f'{{"agents":[{items}]}}'.encode(), dict(JSON_HEADERS))


def _lock_team(team: Team) -> None:
    """Hold the team's row until the transaction ends: one creation at a time per team, on
    every server, so creation timestamps keep the order of creation. (SQLite's write lock,
    taken at the start of each transaction, already does this.)"""
    list(Team.objects.select_for_update().filter(pk=team.pk).values_list("pk"))


def agent_create(call: Call) -> SandboxResponse:
    fields = validate_new_agent(_json_object(call.body))
    _lock_team(call.team)
    moment = creation_timestamp(Agent, call.team)
    agent = Agent.objects.create(team=call.team, created_at=moment, updated_at=moment, **fields)
    return _json(200, {"agent": agent.to_api()})


def agent_get(call: Call) -> SandboxResponse:
    return _json(200, {"agent": _agent(call).to_api()})


def agent_update(call: Call) -> SandboxResponse:
    agent = _agent(call, for_update=True)
    changes, phone_number_id = validate_agent_patch(_json_object(call.body))
    new_phone = None
    if phone_number_id is not UNCHANGED and phone_number_id != "":
        new_phone = _phone_number(call.team, phone_number_id, field="phone_number_id")
        if new_phone.agent_id not in (None, agent.pk):
            raise ApiError(
                409,
                f"Phone number {phone_number_id} is already assigned to another agent.",
                field="phone_number_id",
            )
    # Everything is valid: write.
    for name, value in changes.items():
        setattr(agent, name, value)
    agent.touch()
    agent.save()
    if phone_number_id is not UNCHANGED:
        _assign(agent, new_phone)
    return _json(200, {"agent": agent.to_api()})


def _assign(agent: Agent, phone: PhoneNumber | None) -> None:
    """Give `agent` the number `phone` (None: no number), freeing the one it had."""
    current = PhoneNumber.objects.select_for_update().filter(agent=agent).first()
    if current is not None and (phone is None or current.pk != phone.pk):
        # Freed first: an agent has at most one number, and the database enforces it.
        current.agent = None
        current.touch()
        current.save()
    if phone is not None and phone.agent_id != agent.pk:
        phone.agent = agent
        phone.touch()
        phone.save()


def agent_delete(call: Call) -> SandboxResponse:
    agent = _agent(call, for_update=True)
    _assign(agent, None)
    agent.delete()
    return _no_content()


# --- Phone numbers ------------------------------------------------------------------------


def _random_subscriber_number() -> str:
    """Seven digits; the exchange starts with 2-9 so the number is a valid NANP number."""
    return secrets.choice("23456789") + "".join(secrets.choice("0123456789") for _ in range(6))


def phone_number_list(call: Call) -> SandboxResponse:
    limit = _limit(call.params)
    rows = (
        PhoneNumber.objects.filter(team=call.team)
        .order_by("created_at", "phone_number_id")
        .values_list(*PHONE_NUMBER_FIELDS)[:limit]
    )
    items = ",".join(_phone_number_item(row) for row in rows)
    return SandboxResponse(200, f'{{"phone_numbers":[{items}]}}'.encode(), dict(JSON_HEADERS))


_json_string = json.encoder.encode_basestring  # the C encoder of json.dumps(ensure_ascii=False)


def _phone_number_item(row: tuple) -> str:
    """One number of a list, as PhoneNumber.to_api() shows it (tests/sandbox checks that they
    agree), written straight from the row's values: a list holds up to 1,000."""
    phone_number_id, phone_number, name, description, area_code, agent_id, created, updated = row
    return (
        f'{{"phone_number_id":{_json_string(phone_number_id)},'
        f'"phone_number":{_json_string(phone_number)},"name":{_json_string(name)},'
        f'"description":{_json_string(description)},"area_code":{_json_string(area_code)},'
        f'"agent_id":{"null" if agent_id is None else _json_string(agent_id)},'
        f'"created_at":"{isoformat(created)}","updated_at":"{isoformat(updated)}"}}'
    )


def phone_number_purchase(call: Call) -> SandboxResponse:
    fields = validate_new_phone_number(_json_object(call.body))
    _lock_team(call.team)
    for _ in range(PURCHASE_ATTEMPTS):
        number = "+1" + fields["area_code"] + _random_subscriber_number()
        if PhoneNumber.objects.filter(phone_number=number).exists():
            continue
        try:
            with transaction.atomic(using=SANDBOX_DB):
                moment = creation_timestamp(PhoneNumber, call.team)
                phone = PhoneNumber.objects.create(
                    team=call.team,
                    phone_number=number,
                    created_at=moment,
                    updated_at=moment,
                    **fields,
                )
        except IntegrityError:
            continue  # bought by a concurrent request a moment ago
        return _json(200, {"phone_number": phone.to_api()})
    raise ApiError(
        409, f"No phone number is available in area code {fields['area_code']}.", field="area_code"
    )


def phone_number_get(call: Call) -> SandboxResponse:
    phone = _phone_number(call.team, call.object_id or "")
    return _json(200, {"phone_number": phone.to_api()})


def phone_number_update(call: Call) -> SandboxResponse:
    phone = _phone_number(call.team, call.object_id or "")
    changes = validate_phone_number_patch(_json_object(call.body))
    for name, value in changes.items():
        setattr(phone, name, value)
    phone.touch()
    phone.save()
    return _json(200, {"phone_number": phone.to_api()})


def phone_number_release(call: Call) -> SandboxResponse:
    phone = _phone_number(call.team, call.object_id or "")
    if phone.agent_id is not None:
        # The agent loses its number: that is a change the dashboard should notice.
        agent = Agent.objects.select_for_update().get(pk=phone.agent_id)
        agent.touch()
        agent.save(update_fields=["updated_at"])
    phone.delete()
    return _no_content()


# resource → (methods on the collection, methods on one object)
ROUTES: dict[str, tuple[dict[str, Handler], dict[str, Handler]]] = {
    "agents": (
        {"GET": agent_list, "POST": agent_create},
        {"GET": agent_get, "PATCH": agent_update, "DELETE": agent_delete},
    ),
    "phone-numbers": (
        {"GET": phone_number_list, "POST": phone_number_purchase},
        {"GET": phone_number_get, "PATCH": phone_number_update, "DELETE": phone_number_release},
    ),
}

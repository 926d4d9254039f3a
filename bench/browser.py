"""A browser's requests to the dashboard: login, cookies, htmx headers, forms, timing.

Production sits behind a TLS proxy, so requests carry `X-Forwarded-Proto: https` and an
`Origin`, as a browser's would; the session and CSRF cookies are then `Secure`, which
httpx will not send over plain HTTP, so this client keeps them itself.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.servers import cpu_seconds

TIMEOUT_SECONDS = 900
# htmx sends the token the page puts on <body hx-headers='{"x-csrftoken": "…"}'>.
BODY_CSRF = re.compile(r"<body[^>]*hx-headers='([^']*)'")


@dataclass(frozen=True)
class Sample:
    """One request as the benchmark saw it."""

    started: float  # wall clock (time.time()), to match the upstream's call log
    finished: float
    seconds: float  # the round trip, on a monotonic clock
    status: int
    html_bytes: int  # the body, decompressed
    wire_bytes: int  # the body as sent
    content_encoding: str
    cpu_seconds: float  # the dashboard worker's CPU time during the request
    text: str


class Browser:
    def __init__(self, base_url: str, worker_pid: int) -> None:
        self.base_url = base_url
        self.origin = "https://" + base_url.removeprefix("http://")
        self.worker_pid = worker_pid
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""
        self.client = httpx.Client(
            base_url=base_url,
            timeout=TIMEOUT_SECONDS,
            headers={
                "Accept-Encoding": "gzip",
                "X-Forwarded-Proto": "https",
                "User-Agent": "switchboard-bench",
            },
        )

    def close(self) -> None:
        self.client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        data: list[tuple[str, str]] | None = None,
        htmx_target: str | None = None,
    ) -> Sample:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if method != "GET":
            headers["Origin"] = self.origin
            headers["X-CSRFToken"] = self.csrf_token
        if htmx_target is not None:
            headers.update({"HX-Request": "true", "HX-Target": htmx_target})
        body = None
        if data is not None:
            # As a browser encodes a form: every field in order, repeated names kept.
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        cpu_before = cpu_seconds(self.worker_pid)
        started, clock = time.time(), time.perf_counter()
        response = self.client.request(method, path, headers=headers, content=body)
        content = response.content
        seconds, finished = time.perf_counter() - clock, time.time()
        cpu_after = cpu_seconds(self.worker_pid)
        self._keep_cookies(response)
        return Sample(
            started=started,
            finished=finished,
            seconds=seconds,
            status=response.status_code,
            html_bytes=len(content),
            wire_bytes=response.num_bytes_downloaded,
            content_encoding=response.headers.get("Content-Encoding", ""),
            cpu_seconds=cpu_after - cpu_before,
            text=response.text,
        )

    def _keep_cookies(self, response: httpx.Response) -> None:
        self.client.cookies.clear()
        for header in response.headers.get_list("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def log_in(self, username: str, password: str, login_path: str) -> None:
        page = self.request("GET", login_path)
        form = find_form(page.text, lambda attributes: attributes.get("method") == "post")
        self.csrf_token = form.value("csrfmiddlewaretoken")
        form.set("username", username)
        form.set("password", password)
        answer = self.request("POST", login_path, data=form.fields)
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Logging in as {username} failed ({answer.status}).")

    def get_page(self, path: str) -> Sample:
        sample = self.request("GET", path)
        token = BODY_CSRF.search(sample.text)
        if token:
            self.csrf_token = json.loads(token.group(1))["x-csrftoken"]
        return sample


# --- Forms ---------------------------------------------------------------------------------


@dataclass
class Form:
    attributes: dict[str, str]
    fields: list[tuple[str, str]]

    def value(self, name: str) -> str:
        return next(value for field, value in self.fields if field == name)

    def set(self, name: str, value: str) -> None:
        """Sets a field as a person would type it (adding it if the form had none)."""
        self.fields = [(field, old) for field, old in self.fields if field != name]
        self.fields.append((name, value))


class _FormParser(HTMLParser):
    """The forms of a page and what a browser would submit from each, submit buttons aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attributes, [])
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attributes)
        elif tag == "textarea" and attributes.get("name"):
            self._textarea, self._text = attributes["name"], []
        elif tag == "select" and attributes.get("name"):
            self._select, self._options = attributes["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((attributes.get("value", ""), "selected" in attributes))

    def _input(self, attributes: dict[str, str]) -> None:
        kind = attributes.get("type", "text").lower()
        name = attributes.get("name")
        if not name or kind in ("submit", "button", "image", "reset", "file"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attributes:
            return
        assert self._form is not None
        self._form.fields.append(
            (name, attributes.get("value", "on" if kind == "checkbox" else ""))
        )

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # Browsers drop the newline that follows <textarea>.
            self._form.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self._form.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None


def find_form(html: str, matches: Any) -> Form:
    """The first form of `html` whose attributes satisfy `matches`."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if matches(form.attributes):
            return form
    raise SystemExit("The page has no such form; has it changed? Check bench/browser.py.")


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif (
            tag == "link"
            and "stylesheet" in attributes.get("rel", "").lower().split()
            and attributes.get("href")
        ):
            self.urls.append(attributes["href"])


def asset_urls(html: str) -> list[str]:
    """The scripts and style sheets a page loads, in order, each once."""
    parser = _AssetParser()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))

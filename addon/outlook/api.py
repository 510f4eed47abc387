"""Microsoft Graph, for what Office.js cannot give: the meeting's own identity (its iCalendar UID),
without which no calendar answer can be matched to it. Office.js hands over the raw message only
from Mailbox 1.14 and never for a calendar item; Graph has both.

The pane's access token is exchanged on behalf of the user (MSAL's OBO flow) for a Graph token
that reads the item. Graph is optional: without a configured client secret or certificate, or
when Graph fails, the pane works from the fields Office.js gave, without a calendar answer.
Tokens stay in MSAL's in-memory cache; none is stored or logged.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import msal
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from addon import upstream
from addon.calendar import deadline
from addon.calendar.history import CalendarEvent, Listed
from addon.calendar.slots import Busy
from addon.errors import AuthError, ConfigError, ConsentRequired, UpstreamError
from addon.manifests.base import GRAPH_SCOPES
from addon.outlook.calendar_items import (
    BUSY_SELECT,
    VIEW_SELECT,
    schedule_busy,
    schedule_hours,
    view_busy,
    view_events,
)
from addon.outlook.exchange_ids import SEQUENCE_EXPAND
from addon.outlook.verify import PERSONAL_ACCOUNTS

# Mail.Read and Calendars.Read read the meeting; User.Read (/me) the account's own addresses.
SCOPES = [f"https://graph.microsoft.com/{scope}" for scope in GRAPH_SCOPES]
ADDRESSES_TTL = 600.0  # seconds an account's addresses are trusted before Graph is asked again
_MICROSOFT_HOSTS = (
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
)
# Graph gives times in UTC and bodies as text when asked; the reader wants both.
PREFER = 'outlook.timezone="UTC", outlook.body-content-type="text"'
# Graph throttles with 429 and Retry-After ("Microsoft Graph throttling guidance"); a card
# waits for one retry at most, and only when Graph asks for a short pause.
RETRY_AFTER_LIMIT = 3.0
VIEW_PAGE = 100  # calendarView sends 10 events a page unless asked for more ($top)
# MSAL applications (one per tenant, each holding its users' Graph tokens) a worker keeps by
# default: the tenants used most recently; one dropped costs its next user one token exchange.
TENANT_APPS = 500
# getSchedule's refusals of a call this account may not make (a personal account, a mailbox
# Exchange does not serve it for): the calendar itself still says when the user is busy.
# Throttling and outages are not among them: a second read would only add to them.
SCHEDULE_REFUSED = frozenset({400, 403, 404, 501})


def client_credential(secret: str, certificate: str) -> str | dict[str, str] | None:
    """A client secret, or a PEM file holding the certificate and its private key."""
    if certificate:
        try:
            pem = Path(certificate).read_bytes()
            cert = x509.load_pem_x509_certificate(pem)
            serialization.load_pem_private_key(pem, password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise ConfigError(
                f"RAINCHECK_MICROSOFT_CLIENT_CERTIFICATE is not a PEM file with a certificate "
                f"and its private key: {certificate}"
            ) from exc
        thumbprint = cert.fingerprint(hashes.SHA1()).hex()  # noqa: S303 - Entra's thumbprint
        return {"private_key": pem.decode("ascii"), "thumbprint": thumbprint}
    return secret or None


@dataclass(frozen=True)
class GraphItem:
    kind: str  # "message" or "appointment"
    rest_id: str


class GraphApi:
    def __init__(
        self,
        *,
        client_id: str,
        credential: str | dict[str, str],
        session: requests.Session,
        authority: str,
        graph_url: str,
        timeout: float = 10.0,
        tenant_apps: int = TENANT_APPS,
    ) -> None:
        self.client_id = client_id
        self.credential = credential
        self.session = session
        self.authority = authority.rstrip("/")
        self.graph_url = graph_url.rstrip("/")
        self.timeout = timeout
        self.tenant_apps = tenant_apps
        # Least recently used first: a worker serving ever more tenants keeps a bounded number.
        self._apps: OrderedDict[str, msal.ConfidentialClientApplication] = OrderedDict()
        self._addresses: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def event(self, assertion: str, tenant: str, item: GraphItem) -> dict[str, Any]:
        """The Graph event of a meeting request (its ``event``) or of a calendar item."""
        token = self._token(assertion, tenant)
        if item.kind == "appointment":
            path = f"/v1.0/me/events/{quote(item.rest_id, safe='')}"
            return self._get(token, path, {"$expand": SEQUENCE_EXPAND})
        path = f"/v1.0/me/messages/{quote(item.rest_id, safe='')}"
        expand = f"microsoft.graph.eventMessage/event,{SEQUENCE_EXPAND}"
        message = self._get(token, path, {"$expand": expand})
        event = message.get("event")
        if not isinstance(event, dict):
            raise UpstreamError("Graph says this message is not a meeting request", retryable=False)
        # The meeting request carries the sequence it was sent with; the event may not.
        if "singleValueExtendedProperties" not in event:
            event = {**event, "singleValueExtendedProperties": message.get(
                "singleValueExtendedProperties", [])}  # fmt: skip
        return event

    def calendar_view(
        self,
        assertion: str,
        tenant: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        max_pages: int = 8,
    ) -> Listed[CalendarEvent]:
        """The user's calendar between start and end, series as their occurrences
        (``calendarView``)."""
        token = self._token(assertion, tenant)
        items, complete = self._view(token, start, end, VIEW_SELECT, max_pages)
        # Incomplete: more than one card reads.
        return Listed.of(view_events(items), complete=complete)

    def _view(
        self, token: str, start: dt.datetime, end: dt.datetime, select: str, max_pages: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """calendarView's items and whether they are all of them, page by page: Graph ends the
        list by leaving out ``@odata.nextLink``, which carries its own query."""
        params: dict[str, str] | None = {
            "startDateTime": _utc(start), "endDateTime": _utc(end),
            "$select": select, "$top": str(VIEW_PAGE),
        }  # fmt: skip
        url = self.graph_url + "/v1.0/me/calendarView"
        items: list[dict[str, Any]] = []
        for _ in range(max_pages):
            if items and deadline.left() == 0.0:  # a read cut short: the pages read count
                return items, False
            try:
                page = self._request("GET", token, url, params=params)
            except UpstreamError:
                if items and deadline.left() == 0.0:  # the deadline cut this page short
                    return items, False
                raise
            items += [i for i in page.get("value") or [] if isinstance(i, dict)]
            link = page.get("@odata.nextLink")
            if not isinstance(link, str) or not link.startswith(self.graph_url + "/"):
                return items, True
            url, params = link, None
        return items, False

    def busy(
        self, assertion: str, tenant: str, address: str, start: dt.datetime, end: dt.datetime
    ) -> Busy:
        """When the user is busy (``getSchedule`` for their own address: free/busy only), with
        their working hours from their mailbox settings when it gives them. getSchedule does
        not exist for personal Microsoft accounts ("Delegated (personal Microsoft account):
        Not supported", learn.microsoft.com/graph/api/calendar-getschedule): theirs, and a
        schedule Graph refuses to give, come from the calendar itself, without working hours
        (those are in mailbox settings, which Raincheck has no permission to read)."""
        token = self._token(assertion, tenant)
        if tenant.lower() == PERSONAL_ACCOUNTS:
            return self._view_busy(token, start, end)
        body = {
            "schedules": [address],
            "startTime": {"dateTime": _utc(start, offset=False), "timeZone": "UTC"},
            "endTime": {"dateTime": _utc(end, offset=False), "timeZone": "UTC"},
            "availabilityViewInterval": 30,
        }
        url = self.graph_url + "/v1.0/me/calendar/getSchedule"
        try:
            answer = self._request("POST", token, url, json=body)
        except UpstreamError as error:
            if error.retryable or error.upstream_status not in SCHEDULE_REFUSED:
                raise
            return self._view_busy(token, start, end)
        hours = schedule_hours(answer)
        return Busy.of(schedule_busy(answer), *(hours or (None, None)))

    def _view_busy(self, token: str, start: dt.datetime, end: dt.datetime) -> Busy:
        items, complete = self._view(token, start, end, BUSY_SELECT, max_pages=8)
        if not complete:
            # Free times from part of the calendar could be times that are not free.
            raise UpstreamError("your calendar holds too many events to say when you are free",
                                retryable=False)  # fmt: skip
        return Busy.of(view_busy(items))

    def addresses(self, assertion: str, tenant: str) -> frozenset[str]:
        """The account's own addresses (its mail and every SMTP proxy address), lowercase.
        Kept per token for a few minutes: the pane asks on every request."""
        now = time.monotonic()
        with self._lock:
            cached = self._addresses.get(assertion)
        if cached is not None and cached[0] > now:
            return cached[1]
        token = self._token(assertion, tenant)
        me = self._get(token, "/v1.0/me", {"$select": "mail,userPrincipalName,proxyAddresses"})
        found = {str(me.get("mail") or ""), str(me.get("userPrincipalName") or "")}
        for proxy in me.get("proxyAddresses") or []:
            kind, _, address = str(proxy).partition(":")
            if kind.lower() == "smtp":  # "SMTP:" the primary, "smtp:" an alias; not SIP, X500
                found.add(address)
        addresses = frozenset(a.strip().lower() for a in found if "@" in a)
        with self._lock:
            if len(self._addresses) > 10_000:
                self._addresses.clear()
            self._addresses[assertion] = (now + ADDRESSES_TTL, addresses)
        return addresses

    def _token(self, assertion: str, tenant: str) -> str:
        try:
            result = self._app(tenant).acquire_token_on_behalf_of(
                user_assertion=assertion, scopes=SCOPES
            )
        except (requests.RequestException, ValueError, msal.exceptions.MsalError) as exc:
            raise UpstreamError(
                "Microsoft's sign-in service did not answer", retryable=True
            ) from exc
        token = result.get("access_token") if isinstance(result, dict) else None
        if isinstance(token, str) and token:
            return token
        description = str(result.get("error_description", "")) if isinstance(result, dict) else ""
        code = description.split(":", 1)[0]
        if code == "AADSTS500133":  # the pane's token expired on the way: it fetches a new one
            raise AuthError("your Microsoft sign-in has expired")
        suberror = result.get("suberror") if isinstance(result, dict) else None
        if code == "AADSTS65001" or suberror == "consent_required":
            raise self._consent_required(tenant)
        raise UpstreamError(
            f"Microsoft refused to let Raincheck read the item ({code or 'no reason given'})",
            retryable=False,
        )

    def admin_consent_url(self, tenant: str) -> str:
        """Where an administrator of ``tenant`` grants, for everyone in it, every permission
        the app registration lists: the tenant-wide admin-consent URL
        (learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent). Not the
        v2.0 endpoint: that one needs a redirect URI registered for the purpose and a scope
        list to keep in step with the registration."""
        tenant, client_id = quote(tenant, safe=""), quote(self.client_id, safe="")
        return f"{self.authority}/{tenant}/adminconsent?client_id={client_id}"

    def _consent_required(self, tenant: str) -> ConsentRequired:
        # A personal Microsoft account has no administrator: its owner consents when signing in.
        personal = tenant.lower() == PERSONAL_ACCOUNTS
        return ConsentRequired(
            "Microsoft has no consent for Raincheck to read your mail and calendar (AADSTS65001)",
            admin_url=None if personal else self.admin_consent_url(tenant),
        )

    @property
    def tenants(self) -> tuple[str, ...]:
        """The tenants whose MSAL application is kept, the least recently used first."""
        with self._lock:
            return tuple(self._apps)

    def _app(self, tenant: str) -> msal.ConfidentialClientApplication:
        with self._lock:
            app = self._apps.get(tenant)
            if app is not None:
                self._apps.move_to_end(tenant)
            else:
                host = urlsplit(self.authority).hostname or ""
                app = msal.ConfidentialClientApplication(
                    self.client_id,
                    client_credential=self.credential,
                    authority=f"{self.authority}/{tenant}",
                    # Instance discovery asks Microsoft about the authority's host; only for
                    # Microsoft's own hosts (a stand-in in tests is not one).
                    instance_discovery=host in _MICROSOFT_HOSTS,
                    timeout=self.timeout,
                    # Sign-in goes through the app's own session: the same proxy, CA bundle and
                    # upstream timing as every other call (MSAL takes any requests.Session).
                    http_client=self.session,
                )
                self._apps[tenant] = app
                while len(self._apps) > self.tenant_apps:
                    self._apps.popitem(last=False)
            return app

    def _get(self, token: str, path: str, params: dict[str, str]) -> dict[str, Any]:
        return self._request("GET", token, self.graph_url + path, params=params)

    def _request(
        self,
        method: str,
        token: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}", "Prefer": PREFER}
        for attempt in range(2):
            # A calendar read in a worker has a deadline (addon.calendar.deadline): no call
            # starts, nor waits, past it.
            left = deadline.left()
            if left is not None and left <= 0:
                raise UpstreamError("Microsoft Graph did not answer in time", retryable=True)
            timeout = self.timeout if left is None else min(self.timeout, left)
            try:
                response = upstream.send(
                    self.session, method, url, headers, params=params, json=json, timeout=timeout
                )
            except requests.RequestException as exc:
                raise UpstreamError(
                    "Microsoft Graph did not answer in time", retryable=True
                ) from exc
            wait = _retry_after(response)
            left = deadline.left()
            if left is not None and wait is not None and wait >= left:
                wait = None  # the read would end before the wait: not asked again
            if attempt == 0 and response.status_code == 429 and wait is not None:
                time.sleep(wait)
                continue
            break
        if response.status_code != 200:
            retryable = response.status_code == 429 or response.status_code >= 500
            raise UpstreamError(
                f"Microsoft Graph answered {response.status_code}",
                retryable=retryable,
                upstream_status=response.status_code,
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise UpstreamError(
                "Microsoft Graph sent something unreadable", retryable=True
            ) from exc
        if not isinstance(body, dict):
            raise UpstreamError("Microsoft Graph sent something unreadable", retryable=True)
        return body


def _utc(moment: dt.datetime, *, offset: bool = True) -> str:
    text = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return text + "Z" if offset else text


def _retry_after(response: requests.Response) -> float | None:
    try:
        wait = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return wait if 0 <= wait <= RETRY_AFTER_LIMIT else None

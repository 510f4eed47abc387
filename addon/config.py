"""Every setting of Raincheck in one place: its name, type, default and a line of help.

Settings come from ``RAINCHECK_<NAME>`` variables (or, in tests, a mapping of ``NAME`` to
value), are read as strings and converted once, here, into a frozen ``Config``; every part of
the app gets that object in its ``init_app`` and never reads the environment or ``app.config``
itself. A value that cannot be used, or two that contradict each other, stop the start with
one line saying which variable and why (``ConfigError``). ``raincheck config`` prints the
effective settings with secrets hidden.

This module imports nothing of Raincheck's but its errors.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import ipaddress
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addon.errors import ConfigError

PREFIX = "RAINCHECK_"
EXTENSION = "raincheck.config"  # where create_app keeps the Config in app.extensions
DEVELOPMENT, PRODUCTION = "development", "production"
# The workbench's own secret: a production service that runs with it signs nothing of worth.
WORKBENCH_SECRET = "raincheck-workbench-only"  # noqa: S105 - public by design
# What a card waits for the user's calendar (calendar-aware advice) before it answers without.
CALENDAR_BUDGET_SECONDS = 0.8


def _text(value: object) -> str:
    return str(value).strip()


def _url(value: object) -> str:
    text = _text(value).rstrip("/")
    parts = urlsplit(text)
    if text and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ValueError("is not an http(s) URL")
    return text


def _words(value: object) -> tuple[str, ...]:
    """Several values: a list, or one string separated by commas."""
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(_text(item) for item in items if _text(item))


def _positive_int(value: object) -> int:
    try:
        number = int(_text(value))
    except ValueError:
        number = 0
    if number <= 0:
        raise ValueError("must be a positive whole number")
    return number


# The largest invite Raincheck reads, whatever hands it over (addon.invite.mime enforces it):
# here because the request body's limit is derived from it.
INVITE_MAX_BYTES = 1024 * 1024
# Outlook's pane sends the raw message base64 (4 bytes for 3) in a JSON body beside the item's
# fields, and leaves out one that would not fit in 256 KiB less than the body limit.
BODY_FLOOR = -(-INVITE_MAX_BYTES // 3) * 4 + 256 * 1024


def _body_limit(value: object) -> int:
    number = _positive_int(value)
    if number < BODY_FLOOR:
        raise ValueError(
            f"must be at least {BODY_FLOOR:,} bytes: an invite of up to "
            f"{INVITE_MAX_BYTES >> 20} MiB ({INVITE_MAX_BYTES:,} bytes) travels base64 in "
            "Outlook's request"
        )
    return number


def _seconds(value: object) -> float:
    try:
        number = float(_text(value))
    except ValueError:
        number = 0
    if not 0 < number <= 600:
        raise ValueError("must be a number of seconds above 0 and at most 600")
    return number


def _idle(value: object) -> float:
    try:
        number = float(_text(value))
    except ValueError:
        number = 0
    if not 1 <= number <= 86400:
        raise ValueError("must be a number of seconds from 1 to 86400 (a day)")
    return number


def _budget(value: object) -> float:
    """Part of an answer's time: Google waits some 30 seconds for a whole add-on answer."""
    number = _seconds(value)
    if number > 20:
        raise ValueError("must be at most 20 seconds: the whole card must answer within 30")
    return number


def _origins(value: object) -> tuple[str, ...]:
    origins = _words(value)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme != "https" or not parts.netloc or parts.path not in ("", "/"):
            raise ValueError(f"{origin!r} is not an https origin like https://ajax.aspnetcdn.com")
    return tuple(o.rstrip("/") for o in origins)


def _links(value: object) -> tuple[str, ...]:
    links = _words(value)
    for link in links:
        left, sep, right = link.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise ValueError(f"{link!r} is not TENANT=TENANT (a Microsoft tenant id = a domain)")
    return tuple(link.replace(" ", "").lower() for link in links)


def _cloud(value: object) -> str:
    text = _text(value).lower()
    if text not in ("public", "usgov", "china"):
        raise ValueError("must be public, usgov or china")
    return text


def _flag(value: object) -> bool:
    text = _text(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")


def _env(value: object) -> str:
    text = _text(value).lower()
    if text not in (PRODUCTION, DEVELOPMENT):
        raise ValueError(f"must be {PRODUCTION} or {DEVELOPMENT}")
    return text


def email_address(value: object) -> str:
    """An address as settings and the command line take it: lower case, local@domain.tld."""
    text = _text(value).lower()
    local, at, domain = text.rpartition("@")
    if text and (not at or not local or "." not in domain or any(c.isspace() for c in text)):
        raise ValueError("is not an email address like anna@example.com")
    return text


def _folder(value: object) -> str:
    text = _text(value)
    if not os.path.isabs(text):
        # Relative to what? The service and the command line start in different folders.
        raise ValueError("must be an absolute path")
    return text


def default_instance_path() -> str:
    """Flask's instance folder for ``addon.app`` (``Flask.auto_find_instance_path``), found
    without importing Flask, so the command line opens the app's own database: ``instance/``
    beside the package in a source checkout, ``PREFIX/var/addon.app-instance`` when installed
    (a test holds the two equal)."""
    spec = importlib.util.find_spec("addon")
    assert spec is not None and spec.origin is not None
    package_path = os.path.dirname(os.path.dirname(spec.origin))
    prefix = os.path.abspath(sys.prefix)
    site_parent, site_folder = os.path.split(package_path)
    if PurePath(package_path).is_relative_to(prefix):
        found: str | None = prefix
    elif site_folder.lower() == "site-packages":
        parent, folder = os.path.split(site_parent)
        if folder.lower() == "lib":
            found = parent
        elif os.path.basename(parent).lower() == "lib":
            found = os.path.dirname(parent)
        else:
            found = site_parent
    else:
        found = None
    if found is None:
        return os.path.join(package_path, "instance")
    return os.path.join(found, "var", "addon.app-instance")


def _loopback(address: object) -> bool:
    """Whether a server address (gunicorn's: a (host, port) pair, a Unix socket path or a
    file descriptor) is reachable from this machine only."""
    if not isinstance(address, tuple):
        return isinstance(address, str)  # a Unix socket: this machine's processes only
    host = str(address[0]).strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def serving_problem(config: Config, addresses: Iterable[object]) -> str | None:
    """Why a server must not start with these settings on these addresses, in one line; None
    when it may. Checked where serving starts (the packaged gunicorn settings), not in
    ``Config.checked``: the command line runs production settings without a public URL."""
    if config.development:
        bound = [a for a in addresses if not _loopback(a)]
        if bound:
            shown = ", ".join(f"{a[0]}:{a[1]}" if isinstance(a, tuple) else str(a) for a in bound)
            # It accepts tokens its own stand-ins sign: anyone who reaches it is anyone.
            return (
                f"{PREFIX}ENV={DEVELOPMENT} listens on this machine only: bind 127.0.0.1, "
                f"not {shown}"
            )
        return None
    if not config.public_url and not config.testing:
        return (
            f"{PREFIX}PUBLIC_URL is unset: production builds its links from it (never from a "
            "request's Host header); set it to the https address Google and Outlook call"
        )
    return None


def _zone(value: object) -> str:
    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("is not a time zone name like Europe/Stockholm") from None
    return text


def setting(
    default: Any,
    help: str,
    *,
    parse: Callable[[object], Any] = _text,
    secret: bool = False,
) -> Any:
    return field(default=default, metadata={"help": help, "parse": parse, "secret": secret})


@dataclass(frozen=True)
class Config:
    """The effective settings. Empty strings and tuples mean "not set"."""

    env: str = setting(
        PRODUCTION,
        "production, or development for the workbench (which trusts its own key)",
        parse=_env,
    )
    instance_path: str = setting(
        "",
        "absolute path of the folder for the SQLite database and the command line's compiled "
        "templates (default: Flask's instance folder)",
        parse=_folder,
    )
    database_url: str = setting("", "SQLAlchemy URL (default: SQLite in the instance folder)")
    database_timeout: float = setting(
        5.0,
        "seconds to connect to the database, to wait for a lock and for one statement",
        parse=_seconds,
    )
    database_pool_size: int = setting(
        5,
        "database connections each worker keeps open (PostgreSQL; a burst may open as many more)",
        parse=_positive_int,
    )
    tenant_links: tuple[str, ...] = setting(
        (),
        "one directory for an organisation on both hosts: MICROSOFT_TENANT_ID=WORKSPACE_DOMAIN "
        "pairs, comma-separated",
        parse=_links,
    )
    tenant: str = setting("local", "the command line's tenant when --tenant is not given")
    cli_resident: bool = setting(
        True,
        "hand each raincheck command to a resident process that has its imports done (0 to run "
        "every command in a process of its own)",
        parse=_flag,
    )
    cli_resident_idle: float = setting(
        600.0, "seconds the resident process stays without a command to run", parse=_idle
    )
    me: str = setting("", "the command line's address when --me is not given", parse=email_address)
    tz: str = setting(
        "", "the command line's user's time zone (default: this machine's)", parse=_zone
    )
    max_content_length: int = setting(
        2 * 1024 * 1024,
        "largest request body in bytes; at least an invite's limit as Outlook sends it",
        parse=_body_limit,
    )
    public_url: str = setting(
        "", "https://host where Google and Outlook reach us; audiences derive from it", parse=_url
    )
    http_timeout: float = setting(
        10.0, "seconds for each call to Google or Microsoft", parse=_seconds
    )
    calendar_budget: float = setting(
        CALENDAR_BUDGET_SECONDS,
        "seconds from a card's request after which it stops waiting for the user's calendar "
        "(calendar-aware advice; one budget for all its reads); a slower read goes on and its "
        "result is kept for the next card",
        parse=_budget,
    )
    secret_key: str = setting(
        "", "keys the pane's calendar links (random per process when unset)", secret=True
    )
    google_service_account: tuple[str, ...] = setting(
        (), "the add-on's service account(s): the system ID token's email", parse=_words
    )
    google_oauth_client_id: tuple[str, ...] = setting(
        (), "the add-on's OAuth client id(s): the user ID token's audience", parse=_words
    )
    google_audience_url: str = setting(
        "",
        "base URL of the system ID token's audience (default: RAINCHECK_PUBLIC_URL), for a "
        "deployment Google calls at another address than its public one",
        parse=_url,
    )
    google_certs_url: str = setting(
        "https://www.googleapis.com/oauth2/v1/certs", "Google's ID token certificates", parse=_url
    )
    gmail_api_url: str = setting("https://gmail.googleapis.com", "the Gmail API", parse=_url)
    calendar_api_url: str = setting(
        "https://www.googleapis.com", "the Google Calendar API", parse=_url
    )
    microsoft_client_id: str = setting(
        "", "the Outlook add-in's app registration (access token audience)"
    )
    microsoft_app_id_uri: str = setting(
        "", "the add-in's Application ID URI (default api://<public host>/<client id>)"
    )
    microsoft_tenants: tuple[str, ...] = setting(
        (), "Microsoft tenant ids to serve, comma-separated (default: any)", parse=_words
    )
    microsoft_personal_accounts: bool = setting(
        True,
        "serve personal Microsoft accounts (Outlook.com), each with a directory of its own",
        parse=_flag,
    )
    microsoft_cloud: str = setting(
        "public",
        "Microsoft's cloud: public, usgov or china (sign-in, token issuers, Graph, frames)",
        parse=_cloud,
    )
    outlook_frame_origins: tuple[str, ...] = setting(
        (),
        "more Outlook web origins that may frame the pane (required outside public)",
        parse=_origins,
    )
    microsoft_jwks_url: str = setting(
        "https://login.microsoftonline.com/common/discovery/v2.0/keys",
        "Microsoft's token signing keys",
        parse=_url,
    )
    microsoft_client_secret: str = setting(
        "", "client secret for Microsoft Graph on behalf of the user", secret=True
    )
    microsoft_client_certificate: str = setting(
        "", "or a PEM file with the client certificate and its key, for Graph"
    )
    microsoft_authority: str = setting(
        "https://login.microsoftonline.com", "Microsoft's identity platform", parse=_url
    )
    graph_api_url: str = setting("https://graph.microsoft.com", "Microsoft Graph", parse=_url)
    office_js_url: str = setting(
        "https://appsforoffice.microsoft.com/lib/1/hosted/office.js",
        "where the Outlook pane loads Office.js from",
    )
    # Office.js loads more scripts of its own: MicrosoftAjax.js from ajax.aspnetcdn.com
    # (OfficeDev/office-js #4131, #6430), and Microsoft documents a second CDN for Office.js
    # (officeapis.public.onecdn.static.microsoft, office-js-docs PR #5882). A page whose CSP
    # leaves one out never sees Office.onReady fire.
    office_script_origins: tuple[str, ...] = setting(
        ("https://ajax.aspnetcdn.com", "https://officeapis.public.onecdn.static.microsoft"),
        "origins Office.js loads further scripts from (besides Office.js's own)",
        parse=_origins,
    )
    office_ready_timeout: float = setting(
        20.0, "seconds the pane waits for Office.js before it offers Try again", parse=_seconds
    )
    msal_browser_js: str = setting(
        "",
        "MSAL.js (msal-browser.min.js from npm) for the pane's nested app authentication "
        "(default: the copy scripts/bootstrap installs in the venv; none: Office SSO only)",
    )
    outlook_addin_id: str = setting(
        "", "the Outlook add-in's GUID in its manifests (default: derived from the base URL)"
    )
    microsoft_tenant_apps: int = setting(
        500,
        "Microsoft tenants whose sign-in (MSAL's application and its Graph tokens) each worker "
        "keeps, the most recently used; another tenant's next user exchanges a token again",
        parse=_positive_int,
    )
    testing: bool = setting(False, "Flask's testing mode (tests only)", parse=_flag)
    debug: bool = setting(
        False, "the command line prints a traceback for internal errors", parse=_flag
    )

    @property
    def development(self) -> bool:
        return self.env == DEVELOPMENT

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Config:
        """The settings from ``RAINCHECK_*`` variables; other variables are not ours."""
        names = {f.name.upper() for f in dataclasses.fields(cls)}
        values = {
            key.removeprefix(PREFIX): value
            for key, value in environ.items()
            if key.startswith(PREFIX) and key.removeprefix(PREFIX) in names
        }
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Config:
        """The settings from ``NAME: value`` (strings, or values of the setting's type). A name
        that is not a setting is refused: a typo would otherwise go unnoticed."""
        by_name = {f.name.upper(): f for f in dataclasses.fields(cls)}
        converted: dict[str, Any] = {}
        for name, value in values.items():
            found = by_name.get(name)
            if found is None:
                raise ConfigError(f"{PREFIX}{name} is not a setting; `raincheck config` lists them")
            if value is None or value == "":
                continue
            try:
                converted[found.name] = found.metadata["parse"](value)
            except ValueError as error:
                shown = "(hidden)" if found.metadata["secret"] else str(value)
                raise ConfigError(f"{PREFIX}{name}={shown}: {error}") from None
        return cls(**converted).checked()

    def linked_tenant(self, tenant: str) -> str:
        """The directory a host's tenant uses: the one it is linked to, else its own."""
        for link in self.tenant_links:
            left, _, right = link.partition("=")
            if tenant.lower() == left:
                return right
        return tenant

    def checked(self) -> Config:
        """Refuse settings that contradict each other, or that would refuse everyone."""
        if self.microsoft_client_secret and self.microsoft_client_certificate:
            raise ConfigError(
                f"{PREFIX}MICROSOFT_CLIENT_SECRET and {PREFIX}MICROSOFT_CLIENT_CERTIFICATE are "
                "both set; Graph takes one of them"
            )
        if (self.microsoft_client_secret or self.microsoft_client_certificate) and not (
            self.microsoft_client_id
        ):
            raise ConfigError(
                f"a Microsoft client credential is set without {PREFIX}MICROSOFT_CLIENT_ID"
            )
        if not self.development and self.secret_key == WORKBENCH_SECRET:
            raise ConfigError(
                f"{PREFIX}SECRET_KEY is the workbench's; set a secret of your own in production"
            )
        if self.microsoft_client_id and not (self.public_url or self.microsoft_app_id_uri):
            # Office's v1 tokens name the application id URI (api://HOST/CLIENT_ID) as their
            # audience; without the host it cannot be known and every such token is refused.
            raise ConfigError(
                f"{PREFIX}MICROSOFT_CLIENT_ID is set without {PREFIX}PUBLIC_URL or "
                f"{PREFIX}MICROSOFT_APP_ID_URI; Outlook's tokens could not be checked"
            )
        if self.microsoft_cloud != "public" and not self.outlook_frame_origins:
            # Microsoft names no Outlook web origins for its national clouds: without them the
            # pane's CSP would let no Outlook frame it.
            raise ConfigError(
                f"{PREFIX}MICROSOFT_CLOUD={self.microsoft_cloud} needs "
                f"{PREFIX}OUTLOOK_FRAME_ORIGINS: the Outlook web origins that frame the pane"
            )
        return self

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes).checked()

    def described(self) -> Iterator[tuple[str, str, str]]:
        """Each setting's variable, effective value (secrets hidden) and help."""
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                shown = ",".join(value)
            elif isinstance(value, bool):
                shown = "true" if value else "false"
            else:
                shown = str(value)
            if f.metadata["secret"] and shown:
                shown = "(set, hidden)"
            yield PREFIX + f.name.upper(), shown or "(not set)", f.metadata["help"]

"""The Outlook add-in's endpoints: the task pane page, its API, and the calendar files its
reply forms attach."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from addon.config import EXTENSION as CONFIG
from addon.i18n import LANGS, Lang, gettext, lang_of
from addon.outlook.resources import outlook
from addon.security import office_page
from addon.views.auth import PaneCall, microsoft_signed
from cards.home import signin_card
from cards.html import render_html

bp = Blueprint("outlook", __name__, url_prefix="/outlook")


def page_texts(lang: Lang) -> dict[str, object]:
    """What the pane itself says, before and around the cards."""
    return {
        "loading": gettext("Reading the invite…", lang),
        "outside": gettext(
            "Raincheck runs inside Outlook. Open a meeting invite in Outlook and choose "
            "Raincheck from the add-ins.",
            lang,
        ),
        "unreadable": gettext("Outlook did not let Raincheck read this item.", lang),
        "unreachable": gettext("Raincheck could not be reached. Check your connection.", lang),
        "signin": gettext("Outlook could not sign you in to Raincheck (error {code}).", lang),
        # What getAccessToken's codes mean to the user (Microsoft's "Troubleshoot error
        # messages for single sign-on"); other codes show their number.
        "signin_codes": {
            "13001": gettext("You are not signed in to Office. Sign in, then try again.", lang),
            "13002": gettext("The sign-in was cancelled. Sign in to use Raincheck.", lang),
            "13003": gettext(
                "This kind of account cannot sign in to Raincheck here. Use your work or "
                "school account, or your Microsoft account.",
                lang,
            ),
            "13006": gettext(
                "Office met an unexpected error. Close and reopen Outlook, then sign in.", lang
            ),
            "13008": gettext(
                "Office is still finishing an earlier sign-in. Wait a moment, then sign in.",
                lang,
            ),
            "IdentityAPI": gettext(
                "This Outlook cannot sign in to add-ins. Use Outlook on the web or a current "
                "Outlook.",
                lang,
            ),
            # The Office dialog API's codes, and MSAL.js's for a refused sign-in.
            "window:12006": gettext(
                "The sign-in window was closed before you signed in. Sign in to use Raincheck.",
                lang,
            ),
            "window:12007": gettext(
                "A sign-in window is open already. Finish signing in there, or close it and "
                "sign in again.",
                lang,
            ),
            "window:12009": gettext(
                "Outlook did not open the sign-in window. Allow it to open windows, then sign "
                "in again.",
                lang,
            ),
            "window:access_denied": gettext(
                "The sign-in was cancelled. Sign in to use Raincheck.", lang
            ),
            "window:user_cancelled": gettext(
                "The sign-in was cancelled. Sign in to use Raincheck.", lang
            ),
            "13012": gettext(
                "This Outlook cannot sign in to add-ins, or your organisation has not "
                "approved Raincheck yet. Ask your administrator.",
                lang,
            ),
        },
        # The fallback sign-in in a window (an Office dialog), where Office cannot sign in.
        "signin_window": gettext(
            "This Outlook cannot sign you in to Raincheck by itself. Sign in with your "
            "Microsoft account in a window.",
            lang,
        ),
        "signin_waiting": gettext("Sign in in the window Outlook opened.", lang),
        "sign_in": gettext("Sign in", lang),
        "form": gettext("Outlook could not open the email. Try again.", lang),
        "attach": gettext(
            "Outlook opened the reply without the calendar file; download it below and attach it.",
            lang,
        ),
        "retry": gettext("Try again", lang),
        "no_new_message": gettext(
            "This Outlook cannot open a new email from an add-in; the briefing was not opened.",
            lang,
        ),
        "stalled_title": gettext("Outlook did not start Raincheck", lang),
        "stalled": gettext(
            "Office.js did not load or did not answer. Check your connection, then try again.",
            lang,
        ),
    }


@bp.get("/taskpane")
@office_page()
def taskpane() -> ResponseReturnValue:
    lang = _page_lang()
    o = outlook()
    # The raw message travels base64 inside the JSON body; leave room for the rest of it.
    return render_template(
        "outlook/taskpane.html",
        lang=lang,
        office_js=o.office_js,
        msal=o.msal_js is not None and bool(o.client_id and o.scope),
        client_id=o.client_id,
        scope=o.scope,
        ready_ms=int(o.ready_timeout * 1000),
        # Every language's texts and sign-in card: the pane speaks the language the user chose
        # in Outlook (Office.context.displayLanguage), which it knows only once Office.js is
        # ready; the browser's Accept-Language is only the guess for "Reading the invite…".
        texts={code: page_texts(code) for code in LANGS},
        signin_cards={
            code: Markup(render_html(signin_card(code, "")))  # noqa: S704 - our own card
            for code in LANGS
        },
        max_eml=max(0, o.max_body - 256 * 1024),
    )


def _sign_in_origin() -> tuple[str, ...]:
    # The sign-in window's MSAL.js talks to Microsoft's sign-in itself (metadata, token).
    parts = urlsplit(outlook().sign_in_authority)
    return (f"{parts.scheme}://{parts.netloc}",)


@bp.get("/signin")
@office_page(_sign_in_origin)
def signin() -> ResponseReturnValue:
    """The fallback sign-in, opened by the pane in an Office dialog where Outlook has neither
    nested app authentication nor single sign-on (store validation policy 1120.3): MSAL.js
    signs the user in with the authorization code flow and PKCE, and hands the pane the
    access token through the dialog. Microsoft redirects back here, so this URL is the SPA
    redirect URI the app registration needs."""
    o = outlook()
    ready = o.msal_js is not None and bool(o.client_id and o.scope)
    lang = lang_of(request.args.get("lang")) if request.args.get("lang") else _page_lang()
    return render_template(
        "outlook/signin.html",
        lang=lang,
        office_js=o.office_js,
        ready=ready,
        client_id=o.client_id,
        scope=o.scope,
        authority=o.sign_in_authority,
        redirect_uri=sign_in_redirect_uri(),
        working=gettext("Signing you in to Raincheck…", lang),
    )


def sign_in_redirect_uri() -> str:
    """This page's own address, the one registered with Microsoft: public when known."""
    public = current_app.extensions[CONFIG].public_url
    path = url_for("outlook.signin")
    return public + path if public else url_for("outlook.signin", _external=True)


@bp.post("/api")
@microsoft_signed
def api(call: PaneCall) -> ResponseReturnValue:
    answer, status = outlook().actions.answer(call.request, call.user)
    return jsonify(answer), status


@bp.get("/msal-browser.js")
def msal_browser() -> ResponseReturnValue:
    """MSAL.js from the npm package, served from our own origin (never a CDN we do not
    control): the pane's script-src stays 'self' for it."""
    found = outlook().msal_js
    if found is None:
        abort(404)
    return send_file(found, mimetype="text/javascript", max_age=3600)


@bp.get("/calendar/<ticket>")
def calendar_file(ticket: str) -> ResponseReturnValue:
    part = outlook().tickets.redeem(ticket.removesuffix(".ics"))
    name = "proposal.ics" if part.method == "COUNTER" else "reply.ics"
    response = Response(part.text, content_type=part.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # Cacheable for the link's short life, as Office wants attachment and image URLs
    # (add-in-manifests.md); private, since the link itself is the only key to the file.
    response.headers["Cache-Control"] = f"private, max-age={outlook().tickets.ttl_seconds}"
    return response


def _page_lang() -> Lang:
    best = request.accept_languages.best_match(LANGS)
    return lang_of(best)

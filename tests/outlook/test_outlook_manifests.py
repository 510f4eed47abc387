"""The Outlook manifests: the XML one against Microsoft's schemas (older public copies, kept in
tests/schemas/outlook) and against the rules of Microsoft's manifest reference that a schema
cannot state; the unified one against the JSON schema of npm's @microsoft/app-manifest."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask.testing import FlaskClient
from lxml import etree

from addon.i18n import LANGUAGES, TRANSLATED
from addon.manifests import OutlookApp, outlook_manifest, unified_manifest
from addon.manifests.unified import MANIFEST_VERSION
from tests.support.microsoft_tokens import CLIENT_ID
from tests.support.paths import ROOT
from tests.support.paths import SCHEMAS as SCHEMA_ROOT

BASE = "https://rc.example.com/raincheck"
APP = OutlookApp.of(BASE, CLIENT_ID, None)
SCHEMAS = SCHEMA_ROOT / "outlook"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "v10": "http://schemas.microsoft.com/office/mailappversionoverrides",
    "v11": "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_TYPE = f"{{{NS['xsi']}}}type"
# Microsoft's manifest reference: the order of OfficeApp's children.
ORDER = ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName",
         "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts",
         "Requirements", "FormSettings", "Permissions", "Rule", "DisableEntityHighlighting",
         "VersionOverrides"]  # fmt: skip

# The languages the manifests carry strings for besides English, as their files are named.
TAGS = [LANGUAGES[code].tag.lower() for code in TRANSLATED]


@pytest.fixture(scope="module")
def xml() -> Any:
    return etree.fromstring(outlook_manifest(APP))


@pytest.fixture(scope="module")
def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OfficeAppManifestV1_1.xsd")))


def _local(element: Any) -> str:
    return str(etree.QName(element).localname)


def test_the_xml_manifest_validates_against_microsofts_schema(
    xml: Any, xml_schema: etree.XMLSchema
) -> None:
    assert xml_schema.validate(xml), xml_schema.error_log


def test_the_schema_check_would_catch_a_misordered_manifest(
    xml: Any, xml_schema: etree.XMLSchema
) -> None:
    broken = etree.fromstring(etree.tostring(xml))
    permissions = broken.find("o:Permissions", NS)
    broken.find("o:FormSettings", NS).addprevious(permissions)
    assert not xml_schema.validate(broken)


def test_the_top_level_elements_come_in_microsofts_order(xml: Any) -> None:
    names = [_local(child) for child in xml if isinstance(child.tag, str)]
    assert names == sorted(names, key=ORDER.index)
    for required in ("Id", "Version", "ProviderName", "DefaultLocale", "DisplayName",
                     "Description", "IconUrl", "Hosts", "Requirements", "FormSettings",
                     "Permissions", "Rule", "VersionOverrides"):  # fmt: skip
        assert required in names
    assert xml.findtext("o:Permissions", namespaces=NS) == "ReadWriteItem"


def test_version_overrides_1_1_is_the_last_child_of_1_0_and_ends_with_single_sign_on(
    xml: Any,
) -> None:
    outer = xml.find("v10:VersionOverrides", NS)
    assert outer.get(XSI_TYPE) == "VersionOverridesV1_0"
    inner = list(outer)[-1]
    assert inner.tag == f"{{{NS['v11']}}}VersionOverrides"
    assert inner.get(XSI_TYPE) == "VersionOverridesV1_1"
    assert [_local(c) for c in inner] == [
        "Requirements", "Hosts", "Resources", "WebApplicationInfo",
    ]  # fmt: skip
    info = inner.find("v11:WebApplicationInfo", NS)
    assert info.findtext("v11:Id", namespaces=NS) == CLIENT_ID
    assert info.findtext("v11:Resource", namespaces=NS) == f"api://rc.example.com/{CLIENT_ID}"


@pytest.mark.parametrize("ns", ["v10", "v11"])
def test_a_button_opens_the_pane_on_every_surface(xml: Any, ns: str) -> None:
    overrides = xml.find("v10:VersionOverrides", NS)
    if ns == "v11":
        overrides = overrides.find("v11:VersionOverrides", NS)
    points = overrides.findall(
        f"{ns}:Hosts/{ns}:Host/{ns}:DesktopFormFactor/{ns}:ExtensionPoint", NS
    )
    assert [p.get(XSI_TYPE) for p in points] == [
        "MessageReadCommandSurface", "AppointmentAttendeeCommandSurface",
        "MessageComposeCommandSurface",
    ]  # fmt: skip
    for point in points:
        action = point.find(f".//{ns}:Action", NS)
        assert action.get(XSI_TYPE) == "ShowTaskpane"
        pinning = action.findtext(f"{ns}:SupportsPinning", namespaces=NS)
        attendee = point.get(XSI_TYPE) == "AppointmentAttendeeCommandSurface"
        # Pinning is 1.1 only, and Outlook supports none on calendar items.
        assert pinning == (None if ns == "v10" or attendee else "true")


def test_every_resource_id_resolves_and_ids_are_unique(xml: Any) -> None:
    for overrides in xml.iter(
        f"{{{NS['v10']}}}VersionOverrides", f"{{{NS['v11']}}}VersionOverrides"
    ):
        own = [e for e in overrides.iter() if e.getparent() is not None]
        defined = {e.get("id") for e in own if e.getparent().tag.endswith(
            ("}Images", "}Urls", "}ShortStrings", "}LongStrings"))}  # fmt: skip
        used = {e.get("resid") for e in own if e.get("resid")}
        assert used and used <= defined, used - defined
    control_ids = [e.get("id") for e in xml.iter() if _local(e) in ("Control", "Group")]
    assert len(control_ids) == len(set(control_ids)) * 2  # once in 1.0, once in 1.1
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                        xml.findtext("o:Id", namespaces=NS))  # fmt: skip


def test_every_url_is_https_under_the_base_and_served_by_the_app(
    xml: Any, client: FlaskClient
) -> None:
    urls = {
        value
        for element in xml.iter()
        for name, value in element.attrib.items()
        if name == "DefaultValue" and value.startswith("http")
    } | {e.text for e in xml.iter() if isinstance(e.tag, str) and (e.text or "").startswith("http")}
    assert urls
    for url in urls:
        if _local_name_of(xml, url) == "AppDomain":
            assert url == "https://rc.example.com"
            continue
        assert url.startswith(BASE + "/"), url
        with client.get(url.removeprefix(BASE)) as response:
            assert response.status_code == 200, url
            if url.endswith(".png"):
                # Outlook refuses icons it may not cache.
                assert "no-store" not in response.headers.get("Cache-Control", "")


def _local_name_of(xml: Any, text: str) -> str:
    return next((_local(e) for e in xml.iter() if isinstance(e.tag, str) and e.text == text), "")


def test_without_a_client_id_there_is_no_single_sign_on(xml_schema: etree.XMLSchema) -> None:
    bare = etree.fromstring(outlook_manifest(OutlookApp.of(BASE, None, None)))
    assert xml_schema.validate(bare), xml_schema.error_log
    assert not list(bare.iter(f"{{{NS['v11']}}}WebApplicationInfo"))
    assert "webApplicationInfo" not in unified_manifest(OutlookApp.of(BASE, None, None))


def _teams_schema(name: str) -> dict[str, Any]:
    package = ROOT / os.environ.get(
        "RAINCHECK_TEST_APP_MANIFEST", ".venv/npm/node_modules/@microsoft/app-manifest"
    )
    path = package / "build" / "json-schemas" / "teams" / f"v{MANIFEST_VERSION}" / name
    if not path.exists():
        pytest.fail(f"{path} is missing: scripts/test installs @microsoft/app-manifest from npm")
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return schema


@pytest.fixture(scope="module")
def teams_schema() -> dict[str, Any]:
    return _teams_schema("MicrosoftTeams.schema.json")


def test_the_unified_manifest_validates_against_microsofts_schema(
    teams_schema: dict[str, Any],
) -> None:
    manifest = unified_manifest(APP)
    validator = jsonschema.Draft4Validator(teams_schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    # And the schema check is not vacuous: a wrong context fails it.
    broken = json.loads(json.dumps(manifest))
    broken["extensions"][0]["ribbons"][0]["contexts"] = ["mailReading"]
    assert list(validator.iter_errors(broken))


def test_neither_manifest_offers_outlook_mobile_which_opens_no_reply_form(xml: Any) -> None:
    """Outlook mobile opens no reply form from an add-in (ReplyFormData: "not supported on
    mobile"): both manifests declare desktop (and web) alone, and say so alike."""
    for ns in ("v10", "v11"):
        assert xml.findall(f".//{ns}:MobileFormFactor", NS) == []
        assert xml.findall(f".//{ns}:DesktopFormFactor", NS)
    (extension,) = unified_manifest(APP)["extensions"]
    assert extension["requirements"]["formFactors"] == ["desktop"]


def test_the_unified_manifest_has_the_same_surfaces_as_the_xml_one() -> None:
    manifest = unified_manifest(APP)
    (extension,) = manifest["extensions"]
    contexts = {c for ribbon in extension["ribbons"] for c in ribbon["contexts"]}
    assert contexts == {"mailRead", "mailCompose", "meetingDetailsAttendee"}
    (runtime,) = extension["runtimes"]
    assert runtime["code"]["page"] == f"{BASE}/outlook/taskpane"
    actions = {a["id"] for a in runtime["actions"]}
    for ribbon in extension["ribbons"]:
        for tab in ribbon["tabs"]:
            for group in tab["groups"]:
                assert {c["actionId"] for c in group["controls"]} <= actions
    # Its own id, hiding the XML add-in where both are installed (duplicate-legacy-metaos-add-ins).
    assert manifest["id"] == APP.unified_id != APP.id
    (extension,) = manifest["extensions"]
    assert extension["alternates"] == [{"hide": {"customOfficeAddin": {"officeAddinId": APP.id}}}]
    assert {a["view"] for r in extension["runtimes"] for a in r["actions"]} == {"homepage"}
    assert manifest["webApplicationInfo"] == {"id": CLIENT_ID, "resource": APP.resource}
    permissions = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert permissions == [{"name": "MailboxItem.ReadWrite.User", "type": "Delegated"}]


def test_the_command_writes_both_outlook_manifests_and_the_app_package(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("manifests", "--base-url", BASE, "--out", str(tmp_path),
                 "--microsoft-client-id", CLIENT_ID)  # fmt: skip
    assert result.code == 0, result.err
    outlook = tmp_path / "outlook"
    assert (outlook / "manifest.xml").read_bytes() == outlook_manifest(APP)
    assert json.loads((outlook / "manifest.json").read_text()) == unified_manifest(APP)
    with zipfile.ZipFile(outlook / "raincheck-outlook.zip") as package:
        assert sorted(package.namelist()) == sorted(
            ["color.png", "manifest.json", "outline.png", *(f"{tag}.json" for tag in TAGS)]
        )
        assert package.read("color.png")[:8] == b"\x89PNG\r\n\x1a\n"
    again = cli("manifests", "--base-url", BASE, "--out", str(tmp_path / "again"))
    assert (
        etree.fromstring((tmp_path / "again" / "outlook" / "manifest.xml").read_bytes()).findtext(
            "o:Id", namespaces=NS
        )
        == APP.id
    )  # the same deployment keeps the same add-in id
    assert "no Microsoft client id" in again.err


@pytest.mark.parametrize("addin_id", ["not-a-guid", "1234"])
def test_a_bad_addin_id_is_refused(cli, addin_id: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("manifests", "--base-url", BASE, "--addin-id", addin_id)
    assert result.code == 2 and "GUID" in result.err


def test_the_version_is_set_at_generation_in_both_manifests_and_graph_scopes_are_listed(
    cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    result = cli("manifests", "--base-url", BASE, "--microsoft-client-id", CLIENT_ID,
                 "--version", "2.4.1")  # fmt: skip
    assert result.code == 0, result.err
    xml = (tmp_path / "manifests" / "outlook" / "manifest.xml").read_text()
    assert "<Version>2.4.1.0</Version>" in xml
    for scope in ("openid", "profile", "Mail.Read", "Calendars.Read", "User.Read"):
        assert f"<Scope>{scope}</Scope>" in xml
    unified = json.loads((tmp_path / "manifests" / "outlook" / "manifest.json").read_text())
    assert unified["version"] == "2.4.1"
    bad = cli("manifests", "--base-url", BASE, "--version", "two")
    assert bad.code == 2 and "--version must look like 1.2.3" in bad.err


@pytest.mark.parametrize("path", ["/static/icon-32.png", "/static/outlook/pane.js"])
def test_icons_and_the_panes_files_are_served_cacheable(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:  # closes the file Flask streams
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
    assert "max-age=3600" in cache and "no-cache" not in cache and "no-store" not in cache


def test_the_app_package_carries_every_languages_strings_valid_for_microsofts_schema(
    cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    assert cli("manifests", "--base-url", BASE).code == 0
    outlook = tmp_path / "manifests" / "outlook"
    manifest = json.loads((outlook / "manifest.json").read_text())
    assert manifest["localizationInfo"]["additionalLanguages"] == [
        {"languageTag": tag, "file": f"{tag}.json"} for tag in TAGS
    ]
    validator = jsonschema.Draft4Validator(_teams_schema("MicrosoftTeams.Localization.schema.json"))
    for tag in TAGS:
        strings = json.loads((outlook / f"{tag}.json").read_text())
        assert not [e.message for e in validator.iter_errors(strings)], tag
        # Every localized ribbon key names a control that exists in the manifest.
        for key in (k for k in strings if k.startswith("extensions[")):
            ribbon = int(key.split("ribbons[")[1].split("]")[0])
            assert manifest["extensions"][0]["ribbons"][ribbon]["tabs"][0]["groups"][0]["controls"]
    swedish = json.loads((outlook / "sv-se.json").read_text())
    assert swedish["description.short"] == "Backa ur kundmöten utan att skada relationen."
    with zipfile.ZipFile(outlook / "raincheck-outlook.zip") as package:
        assert {f"{tag}.json" for tag in TAGS} <= set(package.namelist())

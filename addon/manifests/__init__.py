"""The add-on manifests, generated for the URL the backend is deployed at: Google's deployment,
Outlook's XML manifest and its unified Microsoft 365 app package."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from addon.manifests.base import NAME, check_base_url
from addon.manifests.google import GOOGLE_SCOPES, google_deployment
from addon.manifests.outlook import OutlookApp, outlook_manifest
from addon.manifests.unified import (
    LANGUAGE_FILES,
    PACKAGE_ICONS,
    language_strings,
    unified_manifest,
)

__all__ = [
    "GOOGLE_SCOPES",
    "NAME",
    "OutlookApp",
    "check_base_url",
    "google_deployment",
    "outlook_manifest",
    "unified_manifest",
    "write_manifests",
]

STATIC = Path(__file__).resolve().parents[1] / "static"
ICON_FILES = {"color": "color-192.png", "outline": "outline-32.png"}


def write_manifests(
    base_url: str,
    folder: Path,
    *,
    microsoft_client_id: str | None = None,
    addin_id: str | None = None,
    version: str | None = None,
) -> list[Path]:
    app = OutlookApp.of(base_url, microsoft_client_id, addin_id, version)
    google = folder / "google" / "deployment.json"
    outlook = folder / "outlook"
    for target in (google.parent, outlook):
        target.mkdir(parents=True, exist_ok=True)
    google.write_text(json.dumps(google_deployment(base_url), indent=2) + "\n", encoding="utf-8")
    xml = outlook / "manifest.xml"
    xml.write_bytes(outlook_manifest(app))
    unified = outlook / "manifest.json"
    unified.write_text(json.dumps(unified_manifest(app), indent=2) + "\n", encoding="utf-8")
    for lang, (_tag, file) in LANGUAGE_FILES.items():
        text = json.dumps(language_strings(lang), indent=2, ensure_ascii=False) + "\n"
        (outlook / file).write_text(text, encoding="utf-8")
    for role, name in PACKAGE_ICONS.items():
        shutil.copyfile(STATIC / ICON_FILES[role], outlook / name)
    package = outlook / "raincheck-outlook.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        files = (file for _tag, file in LANGUAGE_FILES.values())
        for name in ("manifest.json", *files, *PACKAGE_ICONS.values()):
            archive.write(outlook / name, name)
    return [google, xml, unified, package]

"""The client directory as CSV: ``name,tier,annual_revenue,currency,account_manager,domains,
contacts,notes``, lists split by ``;``.

Parsing checks every row before anything is stored: the first bad row is reported with its line
number and nothing from the file is imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from addon.directory.records import DOMAIN, TIERS, ClientRecord, is_free_mail, name_key
from addon.errors import DirectoryError

COLUMNS = (
    "name", "tier", "annual_revenue", "currency", "account_manager", "domains", "contacts",
    "notes",
)  # fmt: skip
REQUIRED = ("name", "tier")
MAX_BYTES = 10 * 1024 * 1024
_EMAIL = re.compile(
    r"^[^@\s<>\"',;:()]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$"
)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def read_csv(data: bytes) -> list[ClientRecord]:
    if len(data) > MAX_BYTES:
        raise DirectoryError("the CSV file is over 10 MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectoryError(
            f"the CSV file is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8"
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DirectoryError("the CSV file is empty") from None
    except csv.Error as exc:
        raise DirectoryError(f"line 1: {exc}") from exc
    columns = [column.strip().lower() for column in header]
    _check_header(columns)

    records: list[ClientRecord] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DirectoryError(f"line {line}: {exc}") from exc
        if any(cell.strip() for cell in row):
            if len(row) > len(columns):
                raise DirectoryError(
                    f"line {line}: {len(row)} fields but the header has {len(columns)}; "
                    "quote fields that contain commas"
                )
            cells = (_restored(cell.strip()) for cell in row)
            values = dict(zip(columns, cells, strict=False))
            record = _record(values, line)
            key = name_key(record.name)
            if key in seen:
                raise DirectoryError(
                    f"line {line}: the client {record.name!r} is already on line {seen[key]}"
                )
            seen[key] = line
            records.append(record)
        line = reader.line_num + 1
    return records


def write_csv(records: Iterable[ClientRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # csv quotes a field holding LF but not one holding a bare CR (not in the line terminator),
    # and every reader ends the row at that CR: such a row is written with every field quoted.
    quoting_all = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for record in sorted(records, key=lambda r: name_key(r.name)):
        row = [
            _inert(cell)
            for cell in (
                record.name,
                record.tier,
                format_amount(record.annual_revenue),
                record.currency or "",
                record.account_manager or "",
                ";".join(record.domains),
                ";".join(record.contacts),
                record.notes,
            )
        ]
        (quoting_all if any("\r" in cell for cell in row) else writer).writerow(row)
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): "=HYPERLINK(...)" in a client's notes, or an outside sender's address
# "=2*3@gmail.com" that the one-click tier put in the contacts, would act when someone opens
# the export. Every column is guarded, not only those that hold free text today.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guarded(cell: str) -> bool:
    """Whether the cell gets (or, on import, had) the apostrophe: it would start a formula,
    or it is apostrophes and then such a start, so that a name that really begins with "'="
    keeps its apostrophe through an export and an import."""
    return cell.lstrip("'").startswith(_FORMULA_START)


def _inert(cell: str) -> str:
    """The cell with a leading apostrophe when it would start a formula; ``read_csv`` takes
    the apostrophe off again, so an export imports back unchanged."""
    return "'" + cell if _guarded(cell) else cell


def _restored(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _guarded(cell[1:]) else cell


def format_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return str(amount.normalize())


def _check_header(columns: list[str]) -> None:
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise DirectoryError(
            f"line 1: unknown column {unknown[0]!r}; the columns are {','.join(COLUMNS)}"
        )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise DirectoryError(f"line 1: the column {missing[0]!r} is missing")
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if doubled:
        raise DirectoryError(f"line 1: the column {doubled[0]!r} appears twice")


class _Problem(ValueError):
    """What is wrong with one field; ``_record`` adds the line number."""


def _record(values: dict[str, str], line: int) -> ClientRecord:
    try:
        return _fields(values)
    except _Problem as problem:
        raise DirectoryError(f"line {line}: {problem}") from None


def _fields(values: dict[str, str]) -> ClientRecord:
    for column, cell in values.items():
        if "\x00" in cell:
            # PostgreSQL stores no NUL in text; no spreadsheet writes one in a real name.
            raise _Problem(f"the {column} holds a NUL character; save the file as plain text")
    name = " ".join(values.get("name", "").split())
    if not name:
        raise _Problem("the name is empty")
    if len(name) > 200:
        raise _Problem("the name is longer than 200 characters")
    tier = values.get("tier", "").lower()
    if tier not in TIERS:
        raise _Problem(f"tier {values.get('tier', '')!r} is not one of {'|'.join(TIERS)}")
    currency = values.get("currency", "").upper() or None
    if currency is not None and not _CURRENCY.match(currency):
        raise _Problem(f"currency {currency!r} is not a three-letter code such as SEK or EUR")
    manager = values.get("account_manager", "").lower() or None
    if manager is not None and not _EMAIL.match(manager):
        raise _Problem(f"account_manager {manager!r} is not an email address")
    notes = values.get("notes", "")
    if len(notes) > 2000:
        raise _Problem("the notes are longer than 2000 characters")
    return ClientRecord(
        name=name,
        tier=tier,
        annual_revenue=_amount(values.get("annual_revenue", "")),
        currency=currency,
        account_manager=manager,
        domains=tuple(sorted({_domain(d) for d in _split(values.get("domains", ""))})),
        contacts=tuple(sorted({_contact(c) for c in _split(values.get("contacts", ""))})),
        notes=notes,
    )


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _amount(cell: str) -> Decimal | None:
    raw = cell.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("_", "")
    if not raw:
        return None
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise _Problem(f"annual_revenue {cell!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise _Problem(f"annual_revenue {cell!r} must be a number, zero or more")
    if amount >= Decimal("1e16"):
        raise _Problem(f"annual_revenue {cell!r} is too large")
    return amount.quantize(Decimal("0.01"))


def normalise_domain(value: str) -> str:
    """'@Acme.se', 'https://www.acme.se/' and 'acme.se' are all acme.se; IDNs in ASCII form."""
    domain = value.strip().lower().removeprefix("@")
    domain = re.sub(r"^https?://", "", domain).split("/")[0].removeprefix("www.")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Problem(f"domain {value!r} is not a domain name") from None
    if not DOMAIN.match(domain):
        raise _Problem(f"domain {value!r} is not a domain name")
    return domain


def _domain(value: str) -> str:
    domain = normalise_domain(value)
    if is_free_mail(domain):
        raise _Problem(
            f"domain {domain} is a free-mail provider and would match everyone who uses it; "
            "list the client's addresses under contacts instead"
        )
    return domain


def _contact(value: str) -> str:
    email = value.lower().removeprefix("mailto:")
    if not _EMAIL.match(email):
        raise _Problem(f"contact {value!r} is not an email address")
    return email

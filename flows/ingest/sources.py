"""The sources file (`sources.toml` at the repository root): where bulletins come from and how politely to ask.

Plain functions, no Prefect, no network. The file is read and validated completely at start; every problem is
reported at once, each pointing at its entry (`[[source]] #2 "qingdao": listing[0] ...`). See docs/sources.md.

Three kinds of source:
- listing: one or more listing-page URLs; bulletin links on them are picked by a title/href rule, and "next page"
  links are followed up to `max_pages` pages per listing URL;
- folder: a local folder of bulletin files (the bundled samples are one), picked by a glob;
- direct: ad hoc bulletin URLs or files given on the command line (`--source URL`), no discovery.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator, model_validator

from flows.ingest.fetch import CREDENTIALS_REFUSED, FetchLimits, has_credentials, host_key, redacted

DEFAULT_SOURCES_FILE = Path(__file__).resolve().parents[2] / "sources.toml"
"""The checkout's sources file (absent from an installed wheel; see `default_sources_file`)."""

BUNDLED_SOURCES_FILE = Path(__file__).resolve().parents[2] / "samples" / "sources.toml"
"""The sources file shipped with the package: the bundled samples as one folder source, default fetch limits."""

DEFAULT_NEXT_PAGE = r"^\s*(下一页|下页|后页|next|›|>|»)\s*$"
"""Link texts of "next page" links in the pagers of Chinese government CMS listing pages (TRS, Hanweb, 大汉)."""

SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
"""Source names: lowercase letters, digits and dashes, so they can name a Prefect concurrency limit and a CLI
argument unchanged."""


HOST_ENTRY = re.compile(r"[A-Za-z0-9._-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
"""An entry of a source's `hosts`: a host name or address, with a port when it is not the default of http/https
("www.qingdao.gov.cn", "127.0.0.1:8080", "[::1]:8080")."""


class SourcesError(Exception):
    """The sources file cannot be used; the message lists every bad entry and what is wrong with it."""


CADENCE_MONTHS = {"monthly": tuple(range(1, 13)), "quarterly": (3, 6, 9, 12)}
"""The months whose end a bulletin reports on, per cadence (quarterly: the quarters' last months)."""

DEFAULT_LAG_DAYS = 30
"""Days after the period's month end by which a bulletin is usually out, when a source does not say: by the end
of the next month. Government bulletins of practical projects usually appear in the first three weeks."""

_YEARS = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})?\s*$")


class PublicationCalendar(BaseModel):
    """When a source publishes: the table `[source.calendar]` of sources.toml; every key is optional.

    `cadence`: "monthly" (default) or "quarterly" (months 3, 6, 9, 12); or `months`: the months of the year whose
    end a bulletin reports on, e.g. [3, 6, 9, 10, 12] (give one of the two). `lag_days`: days after the period's
    month end by which the bulletin is usually published (20: by the 20th of the next month; default 30).
    `years`: programme years in scope: a list ([2024, 2025]), a range ("2021-2025") or an open range ("2021-");
    default: from the year of the first bulletin loaded on, open-ended. A bulletin not out `lag_days` after its
    month end is *late*; one never loaded while a later one was is *missing* (warehouse view `freshness`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    cadence: Literal["monthly", "quarterly"] | None = None
    months: tuple[Annotated[StrictInt, Field(ge=1, le=12)], ...] | None = None
    lag_days: Annotated[StrictInt, Field(ge=0, le=366)] = DEFAULT_LAG_DAYS
    years: tuple[int, ...] | str | None = None

    @field_validator("months")
    @classmethod
    def _months_distinct(cls, months):
        if months is not None:
            if not months:
                raise ValueError("give at least one month (1-12)")
            if len(set(months)) != len(months):
                raise ValueError(f"a month is listed twice in {list(months)}")
            return tuple(sorted(months))
        return months

    @field_validator("years", mode="before")
    @classmethod
    def _years_form(cls, years):
        if years is None:
            return None
        if isinstance(years, str):
            match = _YEARS.match(years)
            if not match or (match[2] and int(match[2]) < int(match[1])):
                raise ValueError(f"{years!r} is not a year range such as \"2021-2025\" or \"2021-\" (open)")
            return years.replace(" ", "")
        if (not isinstance(years, (list, tuple)) or not years
                or not all(isinstance(y, int) and not isinstance(y, bool) and 1949 <= y <= 2100 for y in years)):
            raise ValueError(f"{years!r} is not a list of years such as [2024, 2025] or a range such as "
                             "\"2021-2025\" or \"2021-\" (open); leave it out for: from the first bulletin on")
        return tuple(sorted(set(years)))

    @model_validator(mode="after")
    def _one_of_cadence_or_months(self):
        if self.cadence is not None and self.months is not None:
            raise ValueError("give cadence (monthly, quarterly) or months ([3, 6, 9, 12]), not both")
        return self

    @property
    def expected_months(self) -> tuple[int, ...]:
        """The months (1-12) whose end a bulletin reports on."""
        return self.months or CADENCE_MONTHS[self.cadence or "monthly"]

    @property
    def year_bounds(self) -> tuple[int | None, int | None, tuple[int, ...] | None]:
        """(first year, last year, the listed years): first None = from the first bulletin loaded; last None =
        open-ended; listed None = every year between."""
        if self.years is None:
            return None, None, None
        if isinstance(self.years, str):
            match = _YEARS.match(self.years)
            assert match is not None  # checked when the calendar was read (`_years_form`)
            return int(match[1]), int(match[2]) if match[2] else None, None
        return self.years[0], self.years[-1], self.years

    def describe(self) -> str:
        """One line for tables: "monthly, by day 20 after the month end, years 2025"."""
        cadence = self.cadence or ("months " + ",".join(map(str, self.months)) if self.months else "monthly")
        first, last, listed = self.year_bounds
        years = (", ".join(map(str, listed)) if listed else f"{first}-{last or ''}" if first
                 else "from the first bulletin")
        return f"{cadence}, {self.lag_days} days after the month end, years {years}"


def _calendar(value: object, problems: list[str]) -> PublicationCalendar:
    if value is None:
        return PublicationCalendar()
    if not isinstance(value, dict):
        problems.append(f"calendar must be a table ([source.calendar]), not {value!r}")
        return PublicationCalendar()
    try:
        return PublicationCalendar(**value)
    except ValidationError as exc:
        for error in exc.errors():
            where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = (f"unknown setting; known: {', '.join(PublicationCalendar.model_fields)}")
            problems.append(f"calendar{where}: {message}"
                            + (f" (got {error['input']!r})" if error["type"] not in ("value_error",
                                                                                      "extra_forbidden") else ""))
        return PublicationCalendar()


@dataclass(frozen=True)
class Source:
    """One place bulletins come from, with its discovery rule and politeness settings.

    `listing`: listing-page URLs; `folder` + `files` (glob): local bulletin files; `bulletins`: direct bulletin
    URLs or paths (ad hoc sources only). `link_title` / `link_href`: regexes a link's text / resolved URL must
    match (search, not full match; both must match when both are given). `hosts`: hosts links may point to
    (default: the listing URLs' hosts). `max_pages`: listing pages read per listing URL, the first included.
    `encoding`: codec that overrides every charset rule. `delay_s`: seconds between request starts to this
    source. `concurrency`: requests in flight at once. `revisit`: re-check already archived bulletins with a
    conditional GET (True) or skip them (False). `calendar`: when the source publishes (cadence, lag, years).
    """

    name: str
    region: str | None = None
    programme: str | None = None
    listing: tuple[str, ...] = ()
    folder: Path | None = None
    files: str = "*.html"
    bulletins: tuple[str, ...] = ()
    link_title: re.Pattern | None = None
    link_href: re.Pattern | None = None
    next_page: re.Pattern = field(default_factory=lambda: re.compile(DEFAULT_NEXT_PAGE, re.I))
    max_pages: int = 1
    hosts: frozenset[str] = frozenset()
    encoding: str | None = None
    delay_s: float = 1.0
    concurrency: int = 2
    revisit: bool = True
    calendar: PublicationCalendar = field(default_factory=PublicationCalendar)

    @property
    def kind(self) -> str:
        """listing | folder | direct."""
        return "listing" if self.listing else "folder" if self.folder is not None else "direct"

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Hosts whose links are followed: the configured ones, else those of the listing URLs."""
        return self.hosts or frozenset(urlparse(u).hostname or "" for u in self.listing)

    @property
    def allowed_origins(self) -> frozenset[str]:
        """Where links and redirects may go, as `flows.ingest.fetch.host_key` names them ("host" on the default port of
        http or https, "host:port" on any other): the configured `hosts` (a bare host means its default ports)
        plus the listing URLs' own, or for a direct source the origins of its bulletin URLs."""
        own = frozenset(k for k in map(host_key, (*self.listing, *self.bulletins)) if k)
        return frozenset(h.lower() for h in self.hosts) | own

    def allows(self, url: str) -> bool:
        """True when an http(s) `url` without credentials points to one of `allowed_origins`: scheme, host and
        port are checked (a link or redirect to another port of the same host is refused)."""
        key = host_key(url)
        return key is not None and not has_credentials(url) and key in self.allowed_origins


@dataclass(frozen=True)
class TaskRetries:
    """Prefect task retries of one fetch after the session's own retries gave up (transient errors only)."""

    retries: int = 2
    delay_s: float = 30.0


@dataclass(frozen=True)
class Catalogue:
    """The validated sources file: run-wide fetch limits, task retries and the sources by name, in file order."""

    path: Path
    limits: FetchLimits
    task_retries: TaskRetries
    sources: dict[str, Source]


_SOURCE_KEYS = {"name", "region", "programme", "listing", "folder", "files", "link_title", "link_href",
                "next_page", "max_pages", "hosts", "encoding", "delay_s", "concurrency", "revisit", "calendar"}
_LIMIT_KEYS = {f.name: f.type for f in fields(FetchLimits)}
_TASK_KEYS = {"task_retries", "task_retry_delay_s"}


def url_problem(url: object) -> str | None:
    """Why `url` is not a usable http(s) URL with a host, or None when it is."""
    if not isinstance(url, str) or not url.strip():
        return f"{url!r} is not a URL (a non-empty string is needed)"
    if url != url.strip() or re.search(r"\s", url):
        return f"{url!r} contains white space"
    try:
        parsed = urlparse(url)
    except ValueError as exc:  # "http://[::1": an unclosed IPv6 bracket
        return f"{url!r} is not a valid URL ({exc})"
    if parsed.scheme not in ("http", "https"):
        return f"{url!r} is not an http(s) URL"
    try:
        parsed.port  # noqa: B018  (raises ValueError for a port that is not a number in range)
    except ValueError:
        return f"{url!r} has an invalid port"
    if not parsed.hostname:
        return f"{url!r} has no host"
    if has_credentials(url):
        return f"{redacted(url)!r} {CREDENTIALS_REFUSED}"
    return None


def _regex(value: object, key: str, problems: list[str]) -> re.Pattern | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{key} must be a regular expression string, not {value!r}")
        return None
    try:
        return re.compile(value, re.I)
    except re.error as exc:
        problems.append(f"{key} {value!r} is not a valid regular expression: {exc}")
        return None


def _number(entry: dict, key: str, default, kind: type, minimum, problems: list[str]):
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        problems.append(f"{key} must be {'an integer' if kind is int else 'a number'}, not {value!r}")
        return default
    if value < minimum:
        problems.append(f"{key} must be at least {minimum}, not {value!r}")
        return default
    return kind(value)


def _source(entry: object, base: Path, problems: list[str]) -> Source | None:
    if not isinstance(entry, dict):
        problems.append("must be a table of settings")
        return None
    unknown = sorted(set(entry) - _SOURCE_KEYS)
    if unknown:
        problems.append(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_SOURCE_KEYS))}")
    name = entry.get("name")
    if not isinstance(name, str) or not SOURCE_NAME.match(name):
        problems.append(f"name {name!r} must be lowercase letters, digits and dashes (e.g. \"qingdao-shibanshishi\")")
    for key in ("region", "programme"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{key} is required (the {'region' if key == 'region' else 'programme'} the bulletins "
                            "report on)")
    listing, folder = entry.get("listing"), entry.get("folder")
    if (listing is None) == (folder is None):
        problems.append("give exactly one of listing (URLs of listing pages) or folder (local bulletin files)")
    urls: tuple[str, ...] = ()
    if listing is not None:
        if isinstance(listing, str):
            listing = [listing]
        if not isinstance(listing, list) or not listing:
            problems.append("listing must be a URL or a non-empty list of URLs")
        else:
            for i, url in enumerate(listing):
                problem = url_problem(url)
                if problem:
                    problems.append(f"listing[{i}] {problem}")
            urls = tuple(u for u in listing if isinstance(u, str))
        if entry.get("link_title") is None and entry.get("link_href") is None:
            problems.append("a listing source needs link_title and/or link_href to pick bulletin links")
    folder_path = None
    if folder is not None:
        if not isinstance(folder, str):
            problems.append(f"folder must be a path string, not {folder!r}")
        else:
            folder_path = (base / folder).resolve()
            if not folder_path.is_dir():
                problems.append(f"folder {folder!r} is not a folder (resolved to {folder_path})")
    hosts = entry.get("hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and HOST_ENTRY.fullmatch(h) for h in hosts):
        problems.append(f"hosts must be a list of host names, each with an optional :port (no scheme, path or "
                        f"credentials), not {hosts!r}")
        hosts = []
    encoding = entry.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            problems.append(f"encoding {encoding!r} is not a codec Python knows (e.g. gbk, gb18030, utf-8)")
    revisit = entry.get("revisit", True)
    if not isinstance(revisit, bool):
        problems.append(f"revisit must be true or false, not {revisit!r}")
    files = entry.get("files", "*.html")
    if not isinstance(files, str) or not files:
        problems.append(f"files must be a glob such as \"*.html\", not {files!r}")
    elif Path(files).is_absolute() or ".." in Path(files).parts:
        problems.append(f"files {files!r} must stay inside the folder (no absolute path, no '..'); to read another "
                        "folder, name it in `folder`")
        files = "*.html"
    source = Source(
        name=name if isinstance(name, str) else "?", region=entry.get("region"), programme=entry.get("programme"),
        listing=urls, folder=folder_path, files=files if isinstance(files, str) else "*.html",
        link_title=_regex(entry.get("link_title"), "link_title", problems),
        link_href=_regex(entry.get("link_href"), "link_href", problems),
        next_page=_regex(entry.get("next_page", DEFAULT_NEXT_PAGE), "next_page", problems)
        or re.compile(DEFAULT_NEXT_PAGE, re.I),
        max_pages=_number(entry, "max_pages", 1, int, 1, problems),
        hosts=frozenset(h.lower() for h in hosts), encoding=encoding,
        delay_s=_number(entry, "delay_s", 1.0, float, 0, problems),
        concurrency=_number(entry, "concurrency", 2, int, 1, problems), revisit=bool(revisit),
        calendar=_calendar(entry.get("calendar"), problems))
    return source


def _limits(table: object, problems: list[str]) -> tuple[FetchLimits, TaskRetries]:
    if table is None:
        return FetchLimits(), TaskRetries()
    if not isinstance(table, dict):
        problems.append("[fetch] must be a table")
        return FetchLimits(), TaskRetries()
    unknown = sorted(set(table) - set(_LIMIT_KEYS) - _TASK_KEYS)
    if unknown:
        problems.append(f"[fetch]: unknown setting(s) {', '.join(unknown)}; known: "
                        f"{', '.join(sorted(set(_LIMIT_KEYS) | _TASK_KEYS))}")
    defaults, values = FetchLimits(), {}
    for key in _LIMIT_KEYS:
        if key not in table:
            continue
        default = getattr(defaults, key)
        if isinstance(default, str):
            if not isinstance(table[key], str) or not table[key].strip():
                problems.append(f"[fetch]: {key} must be a non-empty string")
            else:
                values[key] = table[key]
            continue
        sub: list[str] = []
        values[key] = _number(table, key, default, type(default), 0, sub)
        problems.extend(f"[fetch]: {p}" for p in sub)
    sub = []
    task = TaskRetries(_number(table, "task_retries", 2, int, 0, sub),
                       _number(table, "task_retry_delay_s", 30.0, float, 0, sub))
    problems.extend(f"[fetch]: {p}" for p in sub)
    return FetchLimits(**values), task


def default_sources_file() -> Path:
    """The sources file used when none is named: `sources.toml` in the current folder when there is one (a
    checkout, or a folder set up by the user), else the bundled demo's (`BUNDLED_SOURCES_FILE`), so that an
    installed package runs the demo, and reads `--source URL/FILE` values, from any folder."""
    local = Path("sources.toml")
    return local.absolute() if local.is_file() else BUNDLED_SOURCES_FILE


def load_sources(path: Path | str | None = None) -> Catalogue:
    """Read and validate the sources file (None: `default_sources_file()`). Folders resolve relative to the file.

    Raises SourcesError listing every problem, each prefixed with the file and the entry
    (`sources.toml: [[source]] #2 "qingdao": listing[0] 'htp://x' is not an http(s) URL`).
    """
    path = Path(path) if path is not None else default_sources_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"{path}: sources file not found; create it (see docs/sources.md) or pass "
                           "--sources-file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from exc
    problems: list[str] = []
    unknown = sorted(set(data) - {"fetch", "source"})
    if unknown:
        problems.append(f"{path}: unknown top-level key(s) {', '.join(unknown)}; expected [fetch] and [[source]]")
    top: list[str] = []
    limits, task = _limits(data.get("fetch"), top)
    problems.extend(f"{path}: {p}" for p in top)
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        problems.append(f"{path}: no [[source]] entries")
        entries = []
    sources: dict[str, Source] = {}
    for number, entry in enumerate(entries, start=1):
        own: list[str] = []
        source = _source(entry, path.parent, own)
        label = f"{path}: [[source]] #{number}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" \"{entry['name']}\""
        if source is not None and source.name in sources:
            own.append(f"name {source.name!r} is used by an earlier source")
        problems.extend(f"{label}: {p}" for p in own)
        if source is not None and not own:
            sources[source.name] = source
    if problems:
        raise SourcesError("\n".join(problems))
    return Catalogue(path, limits, task, sources)


def _looks_like_name(value: str) -> bool:
    return "/" not in value and "\\" not in value and "." not in value


def direct_source(value: str) -> Source:
    """An ad hoc source for a bulletin URL, a file or a folder given on the command line. Raises SourcesError for
    a URL that `url_problem` refuses (credentials, a malformed host or port)."""
    from flows.ingest.fetch import is_url

    if "://" in value or is_url(value):
        problem = url_problem(value)
        if problem:
            raise SourcesError(f"--source {problem}")
        # Redirects may stay on the URL's own scheme-default port or explicit port (`Source.allowed_origins`).
        return Source(name=value, bulletins=(value,), delay_s=0.0)
    path = Path(value)
    if path.is_dir():
        return Source(name=value, folder=path.resolve(), files="*", delay_s=0.0)
    return Source(name=value, bulletins=(value,), delay_s=0.0)


def resolve_sources(values: list[str] | None, catalogue: Catalogue) -> list[Source]:
    """What `--source` values mean: a source name from the sources file, else a bulletin URL, file or folder.

    None or an empty list means every source of the file. Raises SourcesError for a value that looks like a
    source name (no dot or slash) but is not in the file, naming the known sources.
    """
    if not values:
        return list(catalogue.sources.values())
    resolved = []
    for value in values:
        if value in catalogue.sources:
            resolved.append(catalogue.sources[value])
        elif _looks_like_name(value) and not Path(value).exists():
            raise SourcesError(f"unknown source {value!r}: not in {catalogue.path} (known: "
                               f"{', '.join(catalogue.sources) or 'none'}) and not a URL, file or folder")
        else:
            resolved.append(direct_source(value))
    return resolved

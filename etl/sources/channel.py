"""Public Telegram channels read through their web preview (`https://t.me/s/CHANNEL`): each post is one report.

A post is a `.tgme_widget_message` with `data-post="CHANNEL/ID"`, its text in `.tgme_widget_message_text` and
its time in `time[datetime]`; its report has the item id `CHANNEL/ID` and the post's URL. Pages are read newest
first, each older one through `?before=ID` (the oldest post of the page before), until the page that holds
the newest post already stored; a first read goes back `telegram_first_days`. A post with no text (a photo
alone) gives no report.

The read is all or nothing: a page that fails (a 500, a 429 that outlasts the retries, a page without posts
where posts must be) fails the whole source and nothing of it is stored, so the next read goes back to the
same newest stored post and no post is ever skipped. Polite by default: `telegram_request_interval` seconds
between requests, the project's user agent, the URL limits of every fetch; a 429 is waited out (its
Retry-After, else a growing pause) and tried again a few times.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lxml import etree
from lxml import html as lxml_html

from etl.model import Report
from etl.sources.common import KYIV, TELEGRAM_PREFIX, parse_published
from etl.sources.html import html_to_text
from etl.sources.limits import Limits
from etl.sources.web import FetchError, Throttled, fetch

__all__ = ["TELEGRAM_PREFIX", "ChannelOptions", "Post", "Page", "ChannelError", "posts_on_page", "read_channel",
           "channel_name", "newest_posts", "pause"]

RETRIES = 3  # tries after a 429 before the source fails (and is read again at the next refresh)
LONGEST_PAUSE = 60.0  # seconds: the most a Retry-After is waited out within one read
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_MESSAGES = f"//*[{_CLASS.format('tgme_widget_message')}]"
_TEXT = f".//*[{_CLASS.format('tgme_widget_message_text')}][not(ancestor::*[{_CLASS.format('tgme_widget_message_reply')}])]"
_TITLE = "//meta[@property='og:title']/@content"
_DATE_LINK = f".//a[{_CLASS.format('tgme_widget_message_date')}]/@href"


class ChannelError(OSError):
    """A channel that cannot be read as a whole (its stored reports are kept)."""


@dataclass(frozen=True)
class ChannelOptions:
    """Where and how politely channels are read (settings telegram_base_url, telegram_first_days and
    telegram_request_interval)."""

    base_url: str = "https://t.me/s"
    first_days: float = 30.0
    interval: float = 1.0

    @classmethod
    def from_settings(cls) -> ChannelOptions:
        """The options in force: environment, strikes.toml, defaults."""
        from etl.settings import load_settings

        s = load_settings()
        return cls(base_url=s.telegram_base_url, first_days=float(s.telegram_first_days),
                   interval=float(s.telegram_request_interval))


@dataclass
class Post:
    """One post of a preview page."""

    channel: str
    number: int
    text: str
    published: datetime | None
    url: str
    problems: list[str] = field(default_factory=list)


def channel_name(source: str) -> str:
    """The channel of a `telegram:CHANNEL` source; ValueError when it is not a channel's public name."""
    name = source[len(TELEGRAM_PREFIX):].strip().lstrip("@")
    if not name or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
        raise ValueError(f"{source}: not a public channel name (letters, digits and _ after telegram:)")
    return name


@dataclass
class Page:
    """What one preview page holds: its posts (oldest first), its message blocks (a block without a usable
    `data-post` is counted but gives no post) and the channel's title."""

    posts: list[Post]
    blocks: int
    title: str | None


def posts_on_page(page: str, channel: str) -> Page:
    """The posts of a preview page."""
    try:
        tree = lxml_html.fromstring(page.encode("utf-8", "replace"))
    except (ValueError, etree.LxmlError):
        return Page([], 0, None)
    blocks = tree.xpath(_MESSAGES)
    posts = [p for p in (_post(b, channel) for b in blocks) if p is not None]
    titles = [" ".join(t.split()) for t in tree.xpath(_TITLE) if t.strip()]
    return Page(sorted(posts, key=lambda p: p.number), len(blocks), titles[0] if titles else None)


def _post(block, channel: str) -> Post | None:
    owner, _, number = (block.get("data-post") or "").partition("/")
    if not number.isdigit() or owner.lower() != channel.lower():
        return None
    texts = block.xpath(_TEXT)
    text = html_to_text(etree.tostring(texts[0], encoding="unicode", with_tail=False)) if texts else ""
    problems: list[str] = []
    published = None
    stamps = block.xpath(".//time[@datetime]/@datetime")
    if stamps:
        try:
            published = parse_published(stamps[0])
        except ValueError as exc:
            problems.append(f"the post's time: {exc}")
    else:
        problems.append("the post has no time[datetime]")
    links = [h for h in block.xpath(_DATE_LINK) if h.startswith(("https://", "http://"))]
    url = links[0] if links else f"https://t.me/{owner}/{number}"
    return Post(owner, int(number), text.strip(), published, url, problems)


def read_channel(source: str, newest: int | None, limits: Limits | None = None,
                 options: ChannelOptions | None = None) -> Iterator[Report]:
    """The posts of a channel with text, as reports: back to the post `newest` (the newest one stored), or on a
    first read (`newest` None) back `first_days`. Raises ChannelError naming the source when any page fails."""
    limits = limits or Limits.from_settings()
    options = options or ChannelOptions.from_settings()
    channel = channel_name(source)
    since = datetime.now(KYIV) - timedelta(days=options.first_days) if newest is None else None
    posts: dict[int, Post] = {}
    before: int | None = None
    title = None
    while True:
        page = _page(source, channel, before, limits, options)
        page_posts, title = page.posts, title or page.title
        if not page_posts:
            if before is None:  # the first page has posts unless the preview changed or is off
                raise ChannelError(f"{source}: {_address(options, channel, None)} shows no posts (no "
                                   ".tgme_widget_message with data-post): the preview's HTML may have changed or the "
                                   "channel's preview is off")
            break  # the start of the channel
        fresh = [p for p in page_posts if since is None or p.published is None or p.published >= since]
        posts.update((p.number, p) for p in fresh)
        oldest = page_posts[0].number
        if (newest is not None and oldest <= newest) or len(fresh) < len(page_posts) or oldest <= 1:
            break
        before = oldest
    for post in sorted(posts.values(), key=lambda p: p.number, reverse=True):
        if post.text:
            yield Report(text=post.text, path=source, item=f"{post.channel}/{post.number}", published=post.published,
                         source=title or channel, url=post.url, problems=post.problems)


def _page(source: str, channel: str, before: int | None, limits: Limits, options: ChannelOptions) -> Page:
    """The posts of one page (read politely, a 429 waited out); ChannelError when the page cannot be read."""
    url = _address(options, channel, before)
    for attempt in range(RETRIES + 1):
        _wait_turn(url, options.interval)
        try:
            raw, _ctype = fetch(url, limits)
            break
        except Throttled as exc:
            if attempt == RETRIES:
                raise ChannelError(f"{source}: {exc}; still refused after {RETRIES} tries: it is read again at the "
                                   "next refresh, from the newest post stored") from exc
            time.sleep(pause(exc.retry_after, options.interval, attempt))
        except FetchError as exc:
            raise ChannelError(f"{source}: {exc}") from exc
        finally:
            _turn_over(url)
    page = posts_on_page(raw.decode("utf-8", "replace"), channel)
    if page.blocks and not page.posts:
        raise ChannelError(f"{source}: {url} has {page.blocks} message blocks but no post with "
                           f"data-post=\"{channel}/ID\": the preview's HTML may have changed")
    return page


def pause(retry_after: float | None, interval: float, attempt: int) -> float:
    """Seconds to wait after the `attempt`-th 429 (0 first): the Retry-After asked for, else a pause that doubles
    from max(1 s, interval); never more than LONGEST_PAUSE."""
    wanted = retry_after if retry_after is not None else max(1.0, interval) * 2 ** attempt
    return min(LONGEST_PAUSE, wanted)


def _address(options: ChannelOptions, channel: str, before: int | None) -> str:
    url = f"{options.base_url.rstrip('/')}/{urllib.parse.quote(channel)}"
    return url if before is None else f"{url}?before={before}"


_turns: dict[str, float] = {}  # host -> when its last answer ended (time.monotonic)
_turn_lock = threading.Lock()


def _wait_turn(url: str, interval: float) -> None:
    """Sleep until `interval` seconds have passed since the last answer from the same host ended."""
    host = urllib.parse.urlsplit(url).netloc
    with _turn_lock:
        wait = _turns.get(host, -interval) + interval - time.monotonic()
    if wait > 0:
        time.sleep(wait)


def _turn_over(url: str) -> None:
    """Note that a request to the URL's host has ended (answered or not)."""
    with _turn_lock:
        _turns[urllib.parse.urlsplit(url).netloc] = time.monotonic()


def newest_posts(reports) -> dict[str, int]:
    """`telegram:` source -> the number of its newest stored post in use, from the reports table (path, item,
    withdrawn)."""
    import polars as pl

    rows = reports.filter(pl.col("path").str.starts_with(TELEGRAM_PREFIX) & pl.col("withdrawn").is_null()
                          & pl.col("item").is_not_null())
    numbers = rows.select("path", pl.col("item").str.extract(r"/(\d+)$").cast(pl.Int64, strict=False).alias("n"))
    newest = numbers.drop_nulls("n").group_by("path").agg(pl.col("n").max())
    return dict(newest.iter_rows())

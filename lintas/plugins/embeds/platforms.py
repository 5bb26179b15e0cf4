"""Which URLs are embeddable, and what a reader's tap loads for each.

One ``Platform`` per host family: the URL forms an editor pastes (from the
share button, the address bar, a short link), the post's canonical address
(the link every reader and every feed gets) and the iframe address loaded
only after a tap. ``FRAME_HOSTS`` is the list deploy/nginx.conf opens in
``frame-src``; tests/embeds checks the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Embed:
    platform: str  # key of PLATFORMS
    name: str  # shown to readers: "YouTube"
    link: str  # canonical post address (the facade's href, what feeds carry)
    frame: str  # iframe src, loaded on tap
    portrait: bool  # a tall player (reels, TikTok, posts) rather than 16:9
    video: bool = True  # False: a post (X, an Instagram photo post)


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com"}
_TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
_X_HOSTS = {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}

# Hosts the iframes come from: deploy/nginx.conf's frame-src lists exactly these.
FRAME_HOSTS = (
    "https://www.youtube-nocookie.com",
    "https://www.instagram.com",
    "https://www.tiktok.com",
    "https://platform.twitter.com",
    "https://www.facebook.com",
)
PLATFORM_NAMES = {
    "youtube": "YouTube",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "x": "X",
    "facebook": "Facebook",
}


def _youtube(host: str, path: str, query: dict) -> Embed | None:
    video = None
    parts = [p for p in path.split("/") if p]
    if host == "youtu.be" and parts:
        video = parts[0]
    elif host in _YOUTUBE_HOSTS:
        if parts == ["watch"]:
            video = (query.get("v") or [None])[0]
        elif len(parts) == 2 and parts[0] in ("shorts", "embed", "live", "v"):
            video = parts[1]
    if not video or not YOUTUBE_ID.match(video):
        return None
    start = (query.get("t") or query.get("start") or [""])[0].rstrip("s")
    start_param = f"&start={int(start)}" if start.isdigit() else ""
    return Embed(
        "youtube",
        "YouTube",
        f"https://www.youtube.com/watch?v={video}",
        f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1{start_param}",
        parts[:1] == ["shorts"],
    )


def _instagram(host: str, path: str, _query: dict) -> Embed | None:
    match = re.fullmatch(r"/(?:[A-Za-z0-9_.]+/)?(p|reel|reels|tv)/([A-Za-z0-9_-]+)/?", path)
    if host not in _INSTAGRAM_HOSTS or not match:
        return None
    kind = "reel" if match[1] == "reels" else match[1]
    link = f"https://www.instagram.com/{kind}/{match[2]}/"
    return Embed("instagram", "Instagram", link, f"{link}embed/", True, kind != "p")


def _tiktok(host: str, path: str, _query: dict) -> Embed | None:
    match = re.fullmatch(r"/@([A-Za-z0-9_.]+)/video/(\d{6,25})/?", path)
    if host not in _TIKTOK_HOSTS or not match:
        return None
    return Embed(
        "tiktok",
        "TikTok",
        f"https://www.tiktok.com/@{match[1]}/video/{match[2]}",
        f"https://www.tiktok.com/embed/v2/{match[2]}",
        True,
    )


def _x(host: str, path: str, _query: dict) -> Embed | None:
    match = re.fullmatch(r"/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d{5,25})(?:/.*)?", path)
    if host not in _X_HOSTS or not match:
        return None
    return Embed(
        "x",
        "X",
        f"https://x.com/{match[1]}/status/{match[2]}",
        f"https://platform.twitter.com/embed/Tweet.html?id={match[2]}&dnt=true",
        True,
        video=False,
    )


def _facebook(host: str, path: str, query: dict) -> Embed | None:
    link = None
    if host in _FACEBOOK_HOSTS:
        videos = re.fullmatch(r"/([A-Za-z0-9_.-]+)/videos/(?:[^/]+/)?(\d{5,25})/?", path)
        reel = re.fullmatch(r"/reel/(\d{5,25})/?", path)
        watch = path.rstrip("/") == "/watch" and (query.get("v") or [""])[0].isdigit()
        if videos:
            link = f"https://www.facebook.com/{videos[1]}/videos/{videos[2]}/"
        elif reel:
            link = f"https://www.facebook.com/reel/{reel[1]}/"
        elif watch:
            link = f"https://www.facebook.com/watch/?v={query['v'][0]}"
    elif host == "fb.watch" and re.fullmatch(r"/[A-Za-z0-9_-]{4,20}/?", path):
        link = f"https://fb.watch{path}"
    if link is None:
        return None
    frame = "https://www.facebook.com/plugins/video.php?show_text=false&href=" + quote(link, "")
    return Embed("facebook", "Facebook", link, frame, "/reel/" in link)


_PARSERS = (_youtube, _instagram, _tiktok, _x, _facebook)


def parse_embed_url(url: str) -> Embed | None:
    """The embed of ``url``, or None when it is not a post of a supported platform."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    query = parse_qs(parts.query)
    for parser in _PARSERS:
        found = parser(host, parts.path or "/", query)
        if found is not None:
            return found
    return None

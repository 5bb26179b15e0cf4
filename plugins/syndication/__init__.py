"""syndication: RSS/Atom/JSON feeds, sitemaps, robots.txt (work in progress)."""


def register() -> None:
    pass
